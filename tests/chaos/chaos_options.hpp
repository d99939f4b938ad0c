// shop-chaos's command line.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/chaos/fault_plan.hpp"

namespace shop::chaos {

struct chaos_options {
  std::string server_bin;  // --server-bin, else SHOP_TEST_SERVER_BIN, else the build's shop-server
  int nodes = 1;
  bool cluster = false;  // give every node SHOP_CLUSTER_NODE_ID / _PORT / _LEASE_MS
  int lease_ms = 2000;
  std::vector<fault_step> plan;
  std::string plan_text = "kill9";
  int cycles = 1;
  std::optional<int> target;  // node index the one-node faults hit; random when unset
  int threads = 4;            // client threads
  int users = 24;             // customers, split between the threads
  int products = 3;           // each with two options
  int load_before_ms = 1500;  // load before the fault of a cycle
  int load_after_ms = 1500;   // load after the fault (and the restart it includes)
  int request_timeout_ms = 5000;
  int unkeyed_percent = 20;  // requests sent without an Idempotency-Key
  int replay_sample = 40;    // answered keyed requests replayed per cycle (all unknowns are)
  int term_timeout_s = 30;   // how long a SIGTERMed node may take to exit 0
  int hold_ms = 0;           // SHOP_ORDER_HOLD_TTL_MS for the nodes; 0: the server's default
  unsigned seed = 0;         // 0: from the clock (printed, so a run can be repeated)
  bool keep_db = false;      // do not empty the database first
  std::string tamper;        // the audit's self-check (tests/chaos/tamper.hpp); "" for none
};

struct usage_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Throws usage_error with a one-line reason.
chaos_options parse_options(int argc, char** argv);

std::string usage_text();

}  // namespace shop::chaos
