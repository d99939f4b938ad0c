// What happens when an actor of the runtime dies abnormally (an exception escaped a handler, or it
// was killed). CAF 0.17 answers nothing for the requests such an actor had taken on: an order
// awaiting a dead user's payment waits forever. Worse, the registry would activate the entity
// again from the database while units it handed to the journal may still commit, and the new
// actor's writes would then carry versions the journal already holds (lost updates). Memory can
// no longer be trusted, so the process ends and restarts from the committed rows, the path every
// kill -9 test proves. A normal passivation or shutdown is not a crash.
#pragma once

#include <caf/actor.hpp>
#include <caf/error.hpp>
#include <caf/fwd.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace shop {

// Told which actor died ("user 7", "journal_writer") and why.
using crash_handler = std::function<void(const std::string& who, const caf::error& reason)>;

// Whether an actor that exited with `reason` died abnormally.
bool is_crash(const caf::error& reason);

// The production handler: logs the crash and ends the process with exit code 70 (EX_SOFTWARE),
// without waiting for anything (units not yet committed were never acknowledged).
void exit_on_crash(const std::string& who, const caf::error& reason);

// Monitors the runtime's own actors (journal writer, readers, ...); calls `on_crash` on the
// watcher's thread when one of them dies abnormally. Entities are watched by their registry shard.
caf::actor spawn_crash_watch(caf::actor_system& sys,
                             std::vector<std::pair<std::string, caf::actor>> watched,
                             crash_handler on_crash);

}  // namespace shop
