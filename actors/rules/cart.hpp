// Cart rules: how much of an option a cart line may hold, and what the lines cost.
// Pure functions: no actors, no SQL.
#pragma once

#include <cstdint>
#include <vector>

#include "actors/rules/outcome.hpp"

namespace shop::rules {

constexpr std::int64_t max_line_quantity = 10'000;  // API.md: quantity 1..10,000
constexpr std::size_t max_cart_lines = 100;         // keeps a cart's total far from overflow

// Adding `add` units to a line that holds `existing` (0 for a new line): `add` in
// 1..max_line_quantity and the result too (INVALID_QUANTITY); the result may not exceed the
// option's live stock (INSUFFICIENT_STOCK). Returns the line's new quantity.
outcome<std::int64_t> merge_cart_quantity(std::int64_t existing, std::int64_t add,
                                          std::int64_t live_stock);

// Whether one more line fits (a line for an option already in the cart always fits).
bool cart_has_room(std::size_t lines);

// unit price x quantity; prices are at most 10^12 and quantities 10^4, so no overflow.
inline std::int64_t line_subtotal(std::int64_t unit_price, std::int64_t quantity) {
  return unit_price * quantity;
}

}  // namespace shop::rules
