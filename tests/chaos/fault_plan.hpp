// The fault plan: which fault each cycle injects, written as a comma-separated list
// ("kill9,sigstop:3000,sigterm,restart,dbrestart") that the cycles walk through in turn.
#pragma once

#include <string>
#include <vector>

namespace shop::chaos {

enum class fault_kind {
  none,       // load only
  kill9,      // SIGKILL one node, keep it down `ms`, start it again
  sigterm,    // graceful stop of one node (exit 0 expected), down `ms`, start it again
  sigstop,    // SIGSTOP one node for `ms`, then SIGCONT
  dbrestart,  // stop MariaDB, keep it down `ms`, start it again
  restart,    // every node in turn: graceful stop, start again (a rolling restart)
};

struct fault_step {
  fault_kind kind = fault_kind::none;
  int ms = 0;                // how long the node or the database stays down or paused
  std::string text() const;  // as written in a plan, e.g. "sigstop:3000"
};

// Parses a plan; throws std::invalid_argument naming the bad step.
std::vector<fault_step> parse_plan(const std::string& plan);

// Whether the step hits one node (the others act on the database or on every node).
bool targets_one_node(const fault_step& s);

}  // namespace shop::chaos
