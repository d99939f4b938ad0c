// Catalog rules: prices and stock figures shown to customers, and what an admin may change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/rows.hpp"

namespace shop::rules {

// An option's price is the product's price plus the option's additional price.
inline std::int64_t option_price(std::int64_t product_price, std::int64_t additional_price) {
  return product_price + additional_price;
}

// Whether `price` keeps every option's price at zero or more (a negative additional price may
// bring an option down to the product's price, not below).
bool price_covers_options(std::int64_t price, const std::vector<model::option_row>& options);

// A product's stock is what can still be ordered over all its options (held units excluded).
std::int64_t product_stock(const std::vector<model::option_row>& options);

// A partial update of a product; unset fields stay as they are.
struct product_patch {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> category;
  std::optional<std::int64_t> price;
  std::optional<bool> available;
};

// Applies the patch and bumps the version when anything changed.
model::product_row apply_patch(model::product_row row, const product_patch& p);

}  // namespace shop::rules
