// The popularity batch (US-003): once a day at the configured UTC time it ranks the products sold
// in the 3 days before, writes the snapshot through the journal, and keeps the newest snapshot in
// memory, so GET /api/products/top is answered without a query or any recomputation.
#pragma once

#include <caf/fwd.hpp>

#include "actors/hosting/entity_context.hpp"

namespace shop {

// Messages:
//   (popular_top_atom) -> popularity_snapshot, the newest (header.id == 0: none yet)
//                         | SERVICE_UNAVAILABLE until it has been read at start
//   (popularity_run_atom, int64 as_of_ms) -> popularity_snapshot, the one this run wrote
//                         | SERVICE_UNAVAILABLE (database down, journal full)
//   (popularity_tick_atom, int64 at_ms) one-way: the daily timer's own message (waits if early,
//                         runs as of at_ms, arms the next); public for tests
// Runs are taken one at a time, in arrival order. Each first waits until every write handed to the
// journal before it has committed, then reads the committed orders. A run missed while the process
// was down is not made up: the next one comes at the next batch time (docs/operations.md).
caf::actor spawn_popularity_batch(caf::actor_system& sys, const entity_context& ctx,
                                  int batch_minute_of_day);

}  // namespace shop
