#include "actors/rules/stock.hpp"

#include <algorithm>

namespace shop::rules {

std::int64_t orderable(const stock_levels& s) {
  return s.stock - s.releasing;
}

std::optional<stock_levels> adjust_stock(stock_levels s, std::int64_t delta) {
  if (delta < 0 && orderable(s) < -delta) return std::nullopt;
  s.stock += delta;
  return s;
}

std::optional<stock_levels> reserve_stock(stock_levels s, std::int64_t qty) {
  if (qty <= 0 || orderable(s) < qty) return std::nullopt;
  s.stock -= qty;
  s.reserved += qty;
  return s;
}

std::optional<stock_levels> unreserve(stock_levels s, std::int64_t qty) {
  if (qty <= 0 || s.reserved < qty) return std::nullopt;
  s.reserved -= qty;
  s.stock += qty;
  return s;
}

std::optional<stock_levels> release_stock(stock_levels s, std::int64_t qty) {
  auto r = unreserve(s, qty);
  if (r) r->releasing += qty;
  return r;
}

stock_levels settle_release(stock_levels s, std::int64_t qty, bool committed) {
  auto n = std::min(qty, s.releasing);
  s.releasing -= n;
  if (!committed) {
    s.stock -= n;
    s.reserved += n;
  }
  return s;
}

std::optional<stock_levels> sell_reserved(stock_levels s, std::int64_t qty) {
  if (qty <= 0 || s.reserved < qty) return std::nullopt;
  s.reserved -= qty;
  return s;
}

stock_levels unsell(stock_levels s, std::int64_t qty) {
  s.reserved += qty;
  return s;
}

}  // namespace shop::rules
