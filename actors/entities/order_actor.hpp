// One actor per order: the order-workflow. It reserves every line at the option actors when the
// order is created, and later turns the holds into sales (payment), or gives them back (expiry,
// cancel). Everything that happens to one order goes through this actor, and each step's
// exchanges with the options and the user's actor are awaited, so a payment and an expiry or a
// cancel of the same order never interleave.
#pragma once

#include <caf/fwd.hpp>

#include "actors/hosting/entity_context.hpp"

namespace shop {

// Messages (reached through the entity registry, kind entity_kind::order):
//   (create_atom, order_draft) -> order_record after commit | INSUFFICIENT_STOCK,
//       OPTION_NOT_FOUND, PRODUCT_UNAVAILABLE (nothing held then); sent by the user's actor
//   (view_atom) -> order_record
//   (pay_atom, int64 user, int64 user_coupon_id, receipt_ticket) -> payment_receipt after
//       commit | the order's state (settle_refusal) | the user's side (payment_terms_of)
//   (cancel_atom, int64 user, receipt_ticket) -> order_row (CANCELLED) after commit
//   (expire_atom) -> bool: true when this call expired the order (the sweep)
// An unknown id answers ORDER_NOT_FOUND. The user's actor creates through
// entity_registry::routed_new, so a new order's actor reads nothing from the database.
// `fresh`: the id was just allocated (no row to load).
caf::actor spawn_order(caf::local_actor* parent, std::int64_t id, const entity_context& ctx,
                       bool fresh);

}  // namespace shop
