#include "tests/chaos/replay.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "tests/chaos/request_sender.hpp"

namespace shop::chaos {
namespace {

// Another node than the one the request went to first, when there is one: a keyed repeat must
// answer the same through any node.
std::size_t replay_node(const request_record& r, const test::node_fleet& fleet, int round) {
  const auto first = r.attempts.empty() ? 0 : r.attempts.front().node;
  return (first + 1 + static_cast<std::size_t>(round)) % fleet.size();
}

// Sends the record again until an answer other than 503 comes, for up to 30 s: a key that
// times out on every send must end as a finding, not hold the run until an outer timeout.
bool replay_until_answered(request_record& r, const test::node_fleet& fleet,
                           std::chrono::milliseconds timeout) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (int round = 0; std::chrono::steady_clock::now() < give_up; ++round) {
    const auto node = replay_node(r, fleet, round);
    auto a = send_request(r, node, fleet.port(node), timeout);
    a.replay = true;
    const bool decided = a.how == fate::answered && a.status != 503;
    r.attempts.push_back(std::move(a));
    if (decided) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return false;
}

}  // namespace

replay_counts replay_cycle(ledger& l, const test::node_fleet& fleet, int cycle, int sample,
                           std::chrono::milliseconds timeout, std::mt19937& rng, findings& out) {
  replay_counts n;
  std::vector<request_record*> answered;
  for (auto& r : l.records()) {
    if (r.cycle != cycle) continue;
    const auto res = resolve(r);
    if (res.what == verdict::in_doubt && r.key.empty()) ++n.unkeyed_unknown;
    if (r.key.empty()) continue;
    if (res.what == verdict::in_doubt) {
      ++n.unknown;
      if (replay_until_answered(r, fleet, timeout))
        ++n.resolved;
      else
        out.add(cycle, "unresolved",
                std::string(name_of(r.kind)) + " " + r.target + " key " + r.key +
                    ": no answer other than 503 to " + std::to_string(r.attempts.size()) +
                    " sends (last: " + r.attempts.back().label() + ")");
    } else if (res.answer && res.answer->status != 503) {
      // (A 503 stored nothing: its key's repeat would act anew, so it is no replay.)
      answered.push_back(&r);
    }
  }
  std::shuffle(answered.begin(), answered.end(), rng);
  if (answered.size() > static_cast<std::size_t>(sample))
    answered.resize(static_cast<std::size_t>(sample));
  for (auto* r : answered) {
    ++n.sampled;
    replay_until_answered(*r, fleet, timeout);
  }
  return n;
}

}  // namespace shop::chaos
