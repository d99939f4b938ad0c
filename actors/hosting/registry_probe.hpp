// The fan-outs a registry shard runs over its live entities for operators: mailbox depths for
// GET /metrics, and self-reports for GET /admin/actors. Each asks every entity once, with a
// deadline, and answers the shard's caller when all have answered or timed out.
#pragma once

#include <caf/all.hpp>
#include <chrono>
#include <cstdint>
#include <utility>
#include <vector>

#include "actors/hosting/entity_inspection.hpp"

namespace shop {

// One kind's live entities on one shard (summed over shards by operator_view.cpp).
struct kind_gauge {
  std::uint8_t kind = 0;
  std::int64_t live = 0;
  std::int64_t queued = 0;     // mailbox depths summed
  std::int64_t max_depth = 0;  // the deepest mailbox
  std::int64_t unanswered = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, kind_gauge& x) {
  return f(caf::meta::type_name("kind_gauge"), x.kind, x.live, x.queued, x.max_depth, x.unanswered);
}

using live_entities = std::vector<std::pair<entity_key, caf::actor>>;

// Delivers std::vector<kind_gauge> (one per kind present) to `rp`.
void probe_depths(caf::event_based_actor* self, live_entities live,
                  std::chrono::milliseconds timeout, caf::response_promise rp);

// Delivers std::vector<entity_report> for the `limit` lowest ids of `live` to `rp`; an entity
// that does not answer in time is listed with answered = false.
void inspect_entities(caf::event_based_actor* self, live_entities live, std::size_t limit,
                      std::chrono::milliseconds timeout, caf::response_promise rp);

}  // namespace shop
