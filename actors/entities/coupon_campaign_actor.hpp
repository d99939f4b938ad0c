// One actor per first-come coupon campaign: it owns the issued count and the set of users who hold
// one, so issuing never passes the total nor gives one user two, under any concurrency. Sold out
// and already issued are answered from memory; an issue lands as one journal unit (campaign row +
// the user's new coupon) before it is acknowledged. The user's actor, if live, is told of each
// new coupon (coupon_issued_atom).
#pragma once

#include <caf/fwd.hpp>

#include "actors/hosting/entity_context.hpp"
#include "actors/hosting/entity_interface.hpp"

namespace shop {

// Reached through the entity registry (kind entity_kind::coupon). An unknown id answers
// COUPON_NOT_FOUND.
using coupon_campaign_actor = lifecycle_interface::extend<
    // A new campaign, after commit (only for a new id).
    caf::replies_to<create_atom, model::coupon_row>::with<model::coupon_row>,
    // The campaign with its live issued count.
    caf::replies_to<view_atom>::with<model::coupon_row>,
    // One coupon for `user`, after commit, with the ticket's record in the same unit
    // | COUPON_NOT_STARTED, EXPIRED_COUPON, COUPON_SOLD_OUT, ALREADY_ISSUED.
    caf::replies_to<issue_coupon_atom, std::int64_t, receipt_ticket>::with<model::user_coupon_row>>;

template <>
struct entity_kind_of<coupon_campaign_actor> {
  static constexpr entity_kind value = entity_kind::coupon;
};

caf::actor spawn_coupon_campaign(caf::local_actor* parent, std::int64_t id,
                                 const shared_context& ctx, model::shard_claim claim, bool fresh);

}  // namespace shop
