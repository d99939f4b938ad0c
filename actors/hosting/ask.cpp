#include "actors/hosting/ask.hpp"

#include "metrics/metrics.hpp"

namespace shop {

actor_bridge::actor_bridge(caf::actor_system& sys, std::size_t actors) {
  for (std::size_t i = 0; i < std::max<std::size_t>(actors, 1); ++i)
    // (An argument, even unused: CAF 0.17 binds a reference to a null tuple for argument-less
    // spawns, which UBSan reports.)
    actors_.push_back(sys.spawn(
        [](bridge_actor* self, std::size_t) -> caf::behavior {
          return {[self](ask_job& job) { job.run(self); },
                  [self](routing_atom, cluster::routing& r) { self->state.routes = std::move(r); }};
        },
        i));
}

std::shared_ptr<void> time_if_forwarded(const bridge_actor* self, const entity_key& k) {
  const auto& r = self->state.routes;
  if (!r || r->shards.empty() || r->shards[r->shard_of(k)].local) return nullptr;
  auto start = std::chrono::steady_clock::now();
  // Observed when the last copy of the handler goes: after the answer or the error was handled.
  return std::shared_ptr<void>(nullptr, [start](void*) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - start);
    metrics::global().cluster_forward_us.observe(static_cast<std::uint64_t>(us.count()));
  });
}

const caf::actor& actor_bridge::next() const {
  thread_local std::size_t turn = 0;  // per caller thread: nothing shared between threads
  return actors_[turn++ % actors_.size()];
}

void actor_bridge::stop() const {
  for (const auto& a : actors_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

}  // namespace shop
