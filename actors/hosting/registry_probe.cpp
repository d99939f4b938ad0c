#include "actors/hosting/registry_probe.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "metrics/metrics.hpp"

namespace shop {

void probe_depths(caf::event_based_actor* self, live_entities live,
                  std::chrono::milliseconds timeout, caf::response_promise rp) {
  struct gather {
    std::map<std::uint8_t, kind_gauge> kinds;
    std::size_t pending = 0;
    caf::response_promise rp;
    void done() {
      std::vector<kind_gauge> out;
      for (auto& [k, g] : kinds) out.push_back(g);
      rp.deliver(std::move(out));
    }
  };
  auto g = std::make_shared<gather>();
  g->rp = std::move(rp);
  g->pending = live.size();
  for (const auto& [k, a] : live) {
    auto& kg = g->kinds[k.kind];
    kg.kind = k.kind;
    ++kg.live;
  }
  if (live.empty()) return g->done();
  for (const auto& [k, a] : live)
    self->request(a, timeout, depth_atom::value)
        .then(
            [g, kind = k.kind](std::int64_t depth) {
              auto& kg = g->kinds[kind];
              kg.queued += depth;
              kg.max_depth = std::max(kg.max_depth, depth);
              if (--g->pending == 0) g->done();
            },
            [g, kind = k.kind](caf::error&) {
              ++g->kinds[kind].unanswered;
              metrics::global().probe_timeouts.inc();
              if (--g->pending == 0) g->done();
            });
}

void inspect_entities(caf::event_based_actor* self, live_entities live, std::size_t limit,
                      std::chrono::milliseconds timeout, caf::response_promise rp) {
  std::sort(live.begin(), live.end(),
            [](const auto& a, const auto& b) { return a.first.id < b.first.id; });
  if (live.size() > limit) live.resize(limit);
  struct gather {
    std::vector<entity_report> reports;
    std::vector<bool> absent;  // live only to answer "not found" for a while: left out
    std::size_t pending = 0;
    caf::response_promise rp;
    void one_done() {
      if (--pending > 0) return;
      std::vector<entity_report> out;
      for (std::size_t i = 0; i < reports.size(); ++i)
        if (!absent[i]) out.push_back(std::move(reports[i]));
      rp.deliver(std::move(out));
    }
  };
  auto g = std::make_shared<gather>();
  g->rp = std::move(rp);
  g->pending = live.size();
  g->reports.resize(live.size());
  g->absent.resize(live.size(), false);
  if (live.empty()) return g->rp.deliver(std::move(g->reports)), void();
  for (std::size_t i = 0; i < live.size(); ++i) {
    g->reports[i].key = live[i].first;
    g->reports[i].answered = false;
    self->request(live[i].second, timeout, inspect_atom::value)
        .then(
            [g, i](entity_report& r) {
              g->reports[i] = std::move(r);
              g->one_done();
            },
            [g, i](caf::error& e) {
              if (e.category() == caf::atom("shop")) g->absent[i] = true;  // else: too slow
              g->one_done();
            });
  }
}

}  // namespace shop
