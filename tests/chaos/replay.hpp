// Replays of keyed requests after a cycle (load stopped, nodes up). A request that got no answer
// is sent again with its key until an answer other than 503 decides what it did; a sample of the
// answered ones is sent again too. Every answer a key gets must be the first one (same status,
// same body): the audit checks that over the whole ledger.
#pragma once

#include <chrono>
#include <random>

#include "tests/chaos/findings.hpp"
#include "tests/chaos/ledger.hpp"
#include "tests/support/node_fleet.hpp"

namespace shop::chaos {

struct replay_counts {
  int unknown = 0;          // keyed requests of the cycle without an answer
  int resolved = 0;         // ... that a replay decided
  int sampled = 0;          // answered keyed requests sent again
  int unkeyed_unknown = 0;  // requests without a key and without an answer: stay in doubt
};

replay_counts replay_cycle(ledger& l, const test::node_fleet& fleet, int cycle, int sample,
                           std::chrono::milliseconds timeout, std::mt19937& rng, findings& out);

}  // namespace shop::chaos
