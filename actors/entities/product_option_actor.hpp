// One actor per product option: it owns the option's `stock` and `reservedStock` and serializes
// every change to them.
#pragma once

#include <caf/fwd.hpp>

#include "actors/hosting/entity_context.hpp"

namespace shop {

// Messages (all reached through the entity registry, kind entity_kind::option):
//   (view_atom) -> option_row
//   (adjust_stock_atom, int64 delta) -> option_row, after commit   | INSUFFICIENT_STOCK
//   (create_atom, option_row) -> adopts a row just committed by its product (no reply)
// Every change is also reported to the option's product actor (option_changed_atom).
// An unknown id answers OPTION_NOT_FOUND.
caf::actor spawn_product_option(caf::local_actor* parent, std::int64_t id,
                                const entity_context& ctx);

}  // namespace shop
