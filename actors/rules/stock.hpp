// Stock arithmetic of one product option: what can be ordered (`stock`) and what PENDING orders
// hold (`reserved`). Pure functions: no actors, no SQL.
#pragma once

#include <cstdint>
#include <optional>

namespace shop::rules {

struct stock_levels {
  std::int64_t stock = 0;
  std::int64_t reserved = 0;
  // Units orders gave back whose unit has not committed yet: counted in `stock` (the row images
  // carry the final figures) but not orderable, so a unit that fails can take them back.
  std::int64_t releasing = 0;
};

// What a new order may take now.
std::int64_t orderable(const stock_levels& s);

// Restock (delta > 0) or write-off (delta < 0); never more than is orderable is written off.
std::optional<stock_levels> adjust_stock(stock_levels s, std::int64_t delta);

// Holds `qty` units for an order; nullopt when fewer than `qty` are orderable.
std::optional<stock_levels> reserve_stock(stock_levels s, std::int64_t qty);

// Gives back held units of a reserve whose unit did not commit: orderable at once.
std::optional<stock_levels> unreserve(stock_levels s, std::int64_t qty);

// An order gives its held units back (expired, cancelled); they are `releasing` until
// settle_release. nullopt when `qty` is more than is held: the figures are wrong.
std::optional<stock_levels> release_stock(stock_levels s, std::int64_t qty);

// The release's unit ended: committed, the units become orderable; failed, the order holds them
// again (they were never orderable meanwhile, so this cannot fall short).
stock_levels settle_release(stock_levels s, std::int64_t qty, bool committed);

// Held units become sold (order paid): they leave `reserved` for good. nullopt when `qty` is more
// than is held.
std::optional<stock_levels> sell_reserved(stock_levels s, std::int64_t qty);

// Undoes sell_reserved for a payment that did not commit: the units are held again.
stock_levels unsell(stock_levels s, std::int64_t qty);

}  // namespace shop::rules
