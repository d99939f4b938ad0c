// One actor per order: the order-workflow. It reserves every line at the option actors when the
// order is created, and later turns the holds into sales (payment), or gives them back (expiry,
// cancel). Everything that happens to one order goes through this actor, and each step's
// exchanges with the options and the user's actor are awaited, so a payment and an expiry or a
// cancel of the same order never interleave.
#pragma once

#include <caf/fwd.hpp>

#include "actors/hosting/entity_context.hpp"
#include "actors/hosting/entity_interface.hpp"

namespace shop {

// Reached through the entity registry (kind entity_kind::order). An unknown id answers
// ORDER_NOT_FOUND. The user's actor creates through entity_registry::route_new, so a new order's
// actor reads nothing from the database.
using order_actor = lifecycle_interface::extend<
    // A new order from the user's actor, after commit | INSUFFICIENT_STOCK, OPTION_NOT_FOUND,
    // PRODUCT_UNAVAILABLE (nothing held then).
    caf::replies_to<create_atom, order_draft>::with<model::order_record>,
    caf::replies_to<view_atom>::with<model::order_record>,
    // Pays for `user` with user coupon `user_coupon_id` (0: none), after commit | the order's
    // state (rules::settle_refusal) | the user's side (rules::payment_terms_of).
    caf::replies_to<pay_atom, std::int64_t, std::int64_t, receipt_ticket>::with<payment_receipt>,
    // Cancels for `user`: the order CANCELLED, after commit | the order's state.
    caf::replies_to<cancel_atom, std::int64_t, receipt_ticket>::with<model::order_row>,
    // The sweep: true when this call expired the order.
    caf::replies_to<expire_atom>::with<bool>>;

template <>
struct entity_kind_of<order_actor> {
  static constexpr entity_kind value = entity_kind::order;
};

// `fresh`: the id was just allocated (no row to load).
caf::actor spawn_order(caf::local_actor* parent, std::int64_t id, const shared_context& ctx,
                       model::shard_claim claim, bool fresh);

}  // namespace shop
