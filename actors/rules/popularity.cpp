#include "actors/rules/popularity.hpp"

#include <algorithm>

namespace shop::rules {

std::optional<int> parse_batch_time(std::string_view s) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (s.size() != 5 || s[2] != ':' || !digit(s[0]) || !digit(s[1]) || !digit(s[3]) || !digit(s[4]))
    return std::nullopt;
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::int64_t next_batch_run(std::int64_t now_ms, int minute_of_day) {
  // Floor division: correct for instants before the epoch too.
  auto day = now_ms / day_ms - (now_ms % day_ms < 0 ? 1 : 0);
  auto at = day * day_ms + std::int64_t{minute_of_day} * 60 * 1000;
  return at > now_ms ? at : at + day_ms;
}

std::vector<model::product_sales> rank_popular(std::vector<model::product_sales> sales,
                                               std::size_t n) {
  sales.erase(std::remove_if(sales.begin(), sales.end(),
                             [](const model::product_sales& s) { return s.sold_quantity <= 0; }),
              sales.end());
  auto before = [](const model::product_sales& a, const model::product_sales& b) {
    if (a.sold_quantity != b.sold_quantity) return a.sold_quantity > b.sold_quantity;
    if (a.last_sold_at_ms != b.last_sold_at_ms) return a.last_sold_at_ms > b.last_sold_at_ms;
    return a.product_id < b.product_id;
  };
  if (sales.size() > n) {
    std::partial_sort(sales.begin(), sales.begin() + static_cast<std::ptrdiff_t>(n), sales.end(),
                      before);
    sales.resize(n);
  } else {
    std::sort(sales.begin(), sales.end(), before);
  }
  return sales;
}

}  // namespace shop::rules
