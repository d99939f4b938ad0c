#include "actors/hosting/crash_watch.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <caf/all.hpp>
#include <cstdlib>
#include <unordered_map>

namespace shop {

bool is_crash(const caf::error& reason) {
  return reason && reason != caf::exit_reason::normal && reason != caf::exit_reason::user_shutdown;
}

void exit_on_crash(const std::string& who, const caf::error& reason) {
  // Several shards may report at once: one logs, all exit. The logger stays up (other threads may
  // still be logging); flushing it is enough.
  static std::atomic<bool> reported{false};
  if (!reported.exchange(true)) {
    spdlog::critical(
        "{} died abnormally ({}): ending the process; a restart reloads the "
        "committed state",
        who, caf::to_string(reason));
    spdlog::default_logger()->flush();
  }
  std::_Exit(70);
}

namespace {

struct watch_state {
  std::unordered_map<caf::actor_addr, std::string> names;
  static inline const char* name = "crash_watch";
};

caf::behavior crash_watch(caf::stateful_actor<watch_state>* self,
                          std::vector<std::pair<std::string, caf::actor>> watched,
                          crash_handler on_crash) {
  for (auto& [name, a] : watched) {
    if (!a) continue;
    self->monitor(a);
    self->state.names.emplace(a.address(), name);
  }
  self->set_down_handler([=](caf::down_msg& dm) {
    auto it = self->state.names.find(dm.source);
    if (it == self->state.names.end()) return;
    if (is_crash(dm.reason)) on_crash(it->second, dm.reason);
    self->state.names.erase(it);
  });
  return {[](caf::ok_atom) {}};  // no requests: it only hears down messages
}

}  // namespace

caf::actor spawn_crash_watch(caf::actor_system& sys,
                             std::vector<std::pair<std::string, caf::actor>> watched,
                             crash_handler on_crash) {
  return sys.spawn(crash_watch, std::move(watched), std::move(on_crash));
}

}  // namespace shop
