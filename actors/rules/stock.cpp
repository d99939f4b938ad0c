#include "actors/rules/stock.hpp"

#include <algorithm>

namespace shop::rules {

std::optional<stock_levels> adjust_stock(stock_levels s, std::int64_t delta) {
  if (delta < 0 && s.stock < -delta) return std::nullopt;
  s.stock += delta;
  return s;
}

std::optional<stock_levels> reserve_stock(stock_levels s, std::int64_t qty) {
  if (qty <= 0 || s.stock < qty) return std::nullopt;
  s.stock -= qty;
  s.reserved += qty;
  return s;
}

stock_levels release_stock(stock_levels s, std::int64_t qty) {
  auto n = std::min(qty, s.reserved);  // never more than is held
  s.reserved -= n;
  s.stock += n;
  return s;
}

stock_levels sell_reserved(stock_levels s, std::int64_t qty) {
  s.reserved -= std::min(qty, s.reserved);
  return s;
}

stock_levels unsell(stock_levels s, std::int64_t qty) {
  s.reserved += qty;
  return s;
}

}  // namespace shop::rules
