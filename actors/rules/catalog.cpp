#include "actors/rules/catalog.hpp"

#include <algorithm>

namespace shop::rules {

std::int64_t product_stock(const std::vector<model::option_row>& options) {
  std::int64_t sum = 0;
  for (const auto& o : options) sum += o.stock;
  return sum;
}

bool price_covers_options(std::int64_t price, const std::vector<model::option_row>& options) {
  return std::all_of(options.begin(), options.end(), [&](const model::option_row& o) {
    return option_price(price, o.additional_price) >= 0;
  });
}

model::product_row apply_patch(model::product_row row, const product_patch& p) {
  auto before = row;
  if (p.name) row.name = *p.name;
  if (p.description) row.description = *p.description;
  if (p.category) row.category = *p.category;
  if (p.price) row.price = *p.price;
  if (p.available) row.available = *p.available;
  bool changed = row.name != before.name || row.description != before.description ||
                 row.category != before.category || row.price != before.price ||
                 row.available != before.available;
  if (changed) ++row.version;
  return row;
}

}  // namespace shop::rules
