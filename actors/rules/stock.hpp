// Stock arithmetic of one product option: what can be ordered (`stock`) and what PENDING orders
// hold (`reserved`). Pure functions: no actors, no SQL.
#pragma once

#include <cstdint>
#include <optional>

namespace shop::rules {

struct stock_levels {
  std::int64_t stock = 0;
  std::int64_t reserved = 0;
};

// Restock (delta > 0) or write-off (delta < 0); stock never goes below 0.
std::optional<stock_levels> adjust_stock(stock_levels s, std::int64_t delta);

// Holds `qty` units for an order; nullopt when fewer than `qty` are orderable.
std::optional<stock_levels> reserve_stock(stock_levels s, std::int64_t qty);

// Gives held units back (order expired or cancelled).
stock_levels release_stock(stock_levels s, std::int64_t qty);

// Held units become sold (order paid): they leave `reserved` for good.
stock_levels sell_reserved(stock_levels s, std::int64_t qty);

// Undoes sell_reserved for a payment that did not commit: the units are held again.
stock_levels unsell(stock_levels s, std::int64_t qty);

}  // namespace shop::rules
