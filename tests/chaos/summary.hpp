// What shop-chaos prints: one line per cycle, and the run's totals at the end.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "tests/chaos/findings.hpp"
#include "tests/chaos/ledger.hpp"
#include "tests/chaos/replay.hpp"

namespace shop::chaos {

// The load's own sends (replays apart), by how they ended.
struct request_counts {
  int requests = 0, acked = 0, refused = 0, unknown = 0, unsent = 0, keyed = 0;
  std::map<std::string, int> refused_by_answer;  // "400 INSUFFICIENT_STOCK" -> n
  std::map<std::string, int> by_kind;            // "pay" -> n
};

// Of one cycle, or of the whole run.
request_counts count_requests(const ledger& l, std::optional<int> cycle = std::nullopt);

void add_to(replay_counts& total, const replay_counts& one);

std::string cycle_line(const request_counts& c, const replay_counts& r);

// The takeover probes' times (kill -9 to the first answer through another node): count, median,
// max, and the bound they are held to (lease + 5 s). Nothing when there were none.
void print_takeovers(std::ostream& os, std::vector<long> ms, int lease_ms);

void print_summary(std::ostream& os, const ledger& l, const replay_counts& replays,
                   const findings& f, double seconds);

}  // namespace shop::chaos
