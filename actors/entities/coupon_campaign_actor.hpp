// One actor per first-come coupon campaign: it owns the issued count and the set of users who hold
// one, so issuing never passes the total nor gives one user two, under any concurrency. Sold out
// and already issued are answered from memory; an issue lands as one journal unit (campaign row +
// the user's new coupon) before it is acknowledged.
#pragma once

#include <caf/fwd.hpp>

#include "actors/hosting/entity_context.hpp"

namespace shop {

// Messages (through the entity registry, kind entity_kind::coupon):
//   (create_atom, coupon_row) -> coupon_row, after commit                (only for a new id)
//   (view_atom) -> coupon_row with the live issued count                | COUPON_NOT_FOUND
//   (issue_coupon_atom, int64 user_id, receipt_ticket) -> user_coupon_row, after commit
//        | COUPON_NOT_STARTED, EXPIRED_COUPON, COUPON_SOLD_OUT, ALREADY_ISSUED
// The user's actor, if live, is told of each new coupon (coupon_issued_atom).
caf::actor spawn_coupon_campaign(caf::local_actor* parent, std::int64_t id,
                                 const entity_context& ctx);

}  // namespace shop
