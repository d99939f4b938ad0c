// Idempotency records answer a repeated request for 24 hours (API.md); after that they only take
// space. Every `interval` this job reads the ids of records past their window and deletes them
// through the journal, a batch at a time. Users' actors forget them from memory on their own
// (user_keys.hpp), and a user's activation never loads them (user_queries.hpp).
#pragma once

#include <caf/fwd.hpp>
#include <chrono>

#include "actors/hosting/entity_context.hpp"

namespace shop {

// Messages: (purge_atom) -> int64, the number of records this run deleted. The first timed run
// comes one `interval` after the start, so a run asked for is never racing a timed one: runs
// are one at a time, and an ask during a run gets the run after it.
caf::actor spawn_receipt_retention(caf::actor_system& sys, const entity_context& ctx,
                                   std::chrono::milliseconds interval);

}  // namespace shop
