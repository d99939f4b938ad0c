// What operators see of the running actors: the gauges of a metrics scrape and live actor
// inspection. Asks only; never changes anything.
#pragma once

#include <vector>

#include "actors/hosting/entity_inspection.hpp"
#include "actors/jobs/operator_view.hpp"
#include "service/shop_service.hpp"

namespace shop::service {

// Live actors and mailbox depths by kind, the journal's queue, the outbox (within 10 s).
void operator_gauges_now(const shop_service& s, callback<operator_gauges> done);

// Reports of up to `limit` live entities of `kind`, lowest ids first.
void live_actors(const shop_service& s, entity_kind kind, std::int64_t limit,
                 callback<std::vector<entity_report>> done);

// The report of one entity; `activate`: activate it when it is not live
//                                       | ACTOR_NOT_LIVE (not live, activate false), *_NOT_FOUND
void inspect_actor(const shop_service& s, const entity_key& k, bool activate,
                   callback<entity_report> done);

}  // namespace shop::service
