// What operators see of the running actors: the gauges GET /metrics takes at scrape time (live
// actors and mailbox depths from every registry shard, the journal's queue, the outbox backlog),
// and the live actor inspection of GET /admin/actors. Asks; never changes anything.
#pragma once

#include <caf/fwd.hpp>
#include <caf/meta/type_name.hpp>
#include <vector>

#include "actors/hosting/entity_context.hpp"
#include "actors/hosting/registry_probe.hpp"
#include "model/outbox_backlog.hpp"

namespace shop {

struct operator_gauges {
  std::vector<kind_gauge> kinds;    // summed over the registry shards
  std::int64_t journal_queued = 0;  // units admitted and not yet answered
  std::int64_t journal_capacity = 0;
  std::int64_t journal_oldest_pending_ms =
      0;  // Unix ms the oldest uncommitted unit arrived; 0: none
  bool database_up = true;
  bool outbox_known = false;  // false: the outbox could not be read this time
  model::outbox_backlog outbox;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, operator_gauges& x) {
  return f(caf::meta::type_name("operator_gauges"), x.kinds, x.journal_queued, x.journal_capacity,
           x.journal_oldest_pending_ms, x.database_up, x.outbox_known, x.outbox);
}

// Messages:
//   (probe_atom) -> operator_gauges
//   (inspect_live_atom, uint8 kind, int64 limit) -> std::vector<entity_report>, lowest ids first,
//       with the committed version of each row
//   (inspect_atom, entity_key, bool activate) -> entity_report | ACTOR_NOT_LIVE (not live and
//       activate false) | *_NOT_FOUND (no such entity)
caf::actor spawn_operator_view(caf::actor_system& sys, const entity_context& ctx);

}  // namespace shop
