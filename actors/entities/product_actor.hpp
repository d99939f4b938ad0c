// One actor per product: it owns the product row (name, price, on-sale flag, ...) and the list of
// its options; the options' stock lives in their own actors, which report every change here.
#pragma once

#include <caf/fwd.hpp>

#include "actors/hosting/entity_context.hpp"
#include "actors/hosting/entity_interface.hpp"

namespace shop {

// Reached through the entity registry (kind entity_kind::product). An unknown id answers
// PRODUCT_NOT_FOUND.
using product_actor = lifecycle_interface::extend<
    // The product with its options' live stock.
    caf::replies_to<view_atom>::with<product_view>,
    // A new product and its options, after commit (only for a new id).
    caf::replies_to<create_atom, product_draft>::with<product_view>,
    // An admin's partial update, after commit | INVALID_ARGUMENT (an option would cost less
    // than 0), UNAVAILABLE (an option's row is not known yet).
    caf::replies_to<update_atom, product_changes>::with<product_view>,
    // An option's new figures from one of its activations (product_option_actor.hpp); no reply.
    caf::reacts_to<option_changed_atom, model::option_row, option_incarnation>>;

template <>
struct entity_kind_of<product_actor> {
  static constexpr entity_kind value = entity_kind::product;
};

caf::actor spawn_product(caf::local_actor* parent, std::int64_t id, const shared_context& ctx,
                         model::shard_claim claim, bool fresh);

}  // namespace shop
