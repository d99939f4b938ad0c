#include "actors/hosting/registry_probe.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "actors/hosting/gather.hpp"
#include "metrics/metrics.hpp"

namespace shop {

void probe_depths(caf::event_based_actor* self, live_entities live,
                  std::chrono::milliseconds timeout, caf::response_promise rp) {
  std::map<std::uint8_t, kind_gauge> kinds;
  for (const auto& [k, a] : live) {
    auto& kg = kinds[static_cast<std::uint8_t>(k.kind)];
    kg.kind = static_cast<std::uint8_t>(k.kind);
    ++kg.live;
  }
  auto g = gather<std::map<std::uint8_t, kind_gauge>>::start(
      live.size(), std::move(kinds), [rp](std::map<std::uint8_t, kind_gauge>& all) mutable {
        std::vector<kind_gauge> out;
        for (auto& [k, kg] : all) out.push_back(kg);
        rp.deliver(std::move(out));
      });
  for (const auto& [k, a] : live)
    self->request(a, timeout, depth_atom::value)
        .then(
            [g, kind = static_cast<std::uint8_t>(k.kind)](std::int64_t depth) {
              auto& kg = g->value[kind];
              kg.queued += depth;
              kg.max_depth = std::max(kg.max_depth, depth);
              g->arrived();
            },
            [g, kind = static_cast<std::uint8_t>(k.kind)](caf::error&) {
              ++g->value[kind].unanswered;
              metrics::global().probe_timeouts.inc();
              g->arrived();
            });
}

void inspect_entities(caf::event_based_actor* self, live_entities live, std::size_t limit,
                      std::chrono::milliseconds timeout, caf::response_promise rp) {
  std::sort(live.begin(), live.end(),
            [](const auto& a, const auto& b) { return a.first.id < b.first.id; });
  if (live.size() > limit) live.resize(limit);
  struct reports {
    std::vector<entity_report> all;
    std::vector<bool> absent;  // live only to answer "not found" for a while: left out
  };
  reports init;
  init.all.resize(live.size());
  init.absent.resize(live.size(), false);
  auto g = gather<reports>::start(live.size(), std::move(init), [rp](reports& r) mutable {
    std::vector<entity_report> out;
    for (std::size_t i = 0; i < r.all.size(); ++i)
      if (!r.absent[i]) out.push_back(std::move(r.all[i]));
    rp.deliver(std::move(out));
  });
  for (std::size_t i = 0; i < live.size(); ++i) {
    g->value.all[i].key = live[i].first;
    g->value.all[i].answered = false;
    self->request(live[i].second, timeout, inspect_atom::value)
        .then(
            [g, i](entity_report& r) {
              g->value.all[i] = std::move(r);
              g->arrived();
            },
            [g, i](caf::error& e) {
              if (e.category() == caf::atom("shop")) g->value.absent[i] = true;  // else: too slow
              g->arrived();
            });
  }
}

}  // namespace shop
