#include "actors/rules/cart.hpp"

namespace shop::rules {

outcome<std::int64_t> merge_cart_quantity(std::int64_t existing, std::int64_t add,
                                          std::int64_t live_stock) {
  if (add < 1 || add > max_line_quantity) return shop_error::invalid_quantity;
  auto merged = existing + add;
  if (merged > max_line_quantity) return shop_error::invalid_quantity;
  if (merged > live_stock) return shop_error::insufficient_stock;
  return merged;
}

bool cart_has_room(std::size_t lines) {
  return lines < max_cart_lines;
}

}  // namespace shop::rules
