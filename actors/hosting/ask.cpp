#include "actors/hosting/ask.hpp"

namespace shop {

actor_bridge::actor_bridge(caf::actor_system& sys, std::size_t actors) {
  for (std::size_t i = 0; i < std::max<std::size_t>(actors, 1); ++i)
    // (An argument, even unused: CAF 0.17 binds a reference to a null tuple for argument-less
    // spawns, which UBSan reports.)
    actors_.push_back(sys.spawn(
        [](caf::event_based_actor* self, std::size_t) -> caf::behavior {
          return {[self](ask_job& job) { job.run(self); }};
        },
        i));
}

const caf::actor& actor_bridge::next() const {
  thread_local std::size_t turn = 0;  // per caller thread: nothing shared between threads
  return actors_[turn++ % actors_.size()];
}

void actor_bridge::stop() const {
  for (const auto& a : actors_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

}  // namespace shop
