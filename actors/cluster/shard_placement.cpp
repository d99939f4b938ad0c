#include "actors/cluster/shard_placement.hpp"

#include <algorithm>
#include <map>

namespace shop::cluster {

std::uint32_t shard_of(std::uint8_t kind, std::int64_t id, std::uint32_t shard_count) {
  constexpr std::uint64_t offset = 14695981039346656037ull;
  constexpr std::uint64_t prime = 1099511628211ull;
  std::uint64_t h = offset;
  auto mix = [&](std::uint8_t byte) {
    h ^= byte;
    h *= prime;
  };
  mix(kind);
  auto bits = static_cast<std::uint64_t>(id);
  for (int i = 0; i < 8; ++i) mix(static_cast<std::uint8_t>(bits >> (8 * i)));
  return static_cast<std::uint32_t>(h % shard_count);
}

std::vector<shard_move> plan_placement(const std::vector<std::string>& owners,
                                       std::vector<std::string> live) {
  std::vector<shard_move> moves;
  if (live.empty()) return moves;
  std::sort(live.begin(), live.end());
  live.erase(std::unique(live.begin(), live.end()), live.end());

  // Each node's target: floor(n / k), and one more for the first n % k nodes in name order.
  const std::size_t n = owners.size(), k = live.size();
  std::map<std::string, std::size_t> target;
  for (std::size_t i = 0; i < k; ++i) target[live[i]] = n / k + (i < n % k ? 1 : 0);

  std::map<std::string, std::vector<std::uint32_t>> held;  // live owner → its shards, ascending
  for (const auto& node : live) held[node];
  std::vector<std::uint32_t> loose;  // shards to place, with their previous owner below
  std::vector<std::string> loose_from;
  for (std::uint32_t s = 0; s < n; ++s) {
    auto it = held.find(owners[s]);
    if (it == held.end()) {
      loose.push_back(s);
      loose_from.push_back(owners[s]);
    } else {
      it->second.push_back(s);
    }
  }
  // A node over its target gives up its highest-numbered shards.
  for (auto& [node, shards] : held) {
    while (shards.size() > target[node]) {
      loose.push_back(shards.back());
      loose_from.push_back(node);
      shards.pop_back();
    }
  }
  // Loose shards go, lowest first, to the node furthest under its target (name order on ties).
  std::vector<std::size_t> order(loose.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return loose[a] < loose[b]; });
  for (std::size_t i : order) {
    const std::string* best = nullptr;
    std::size_t best_gap = 0;
    for (const auto& node : live) {
      const auto have = held[node].size();
      if (have >= target[node]) continue;
      const auto gap = target[node] - have;
      if (!best || gap > best_gap) {
        best = &node;
        best_gap = gap;
      }
    }
    // Targets sum to n, so some node is always under its target while a shard is loose.
    held[*best].push_back(loose[i]);
    moves.push_back({loose[i], loose_from[i], *best});
  }
  std::sort(moves.begin(), moves.end(),
            [](const shard_move& a, const shard_move& b) { return a.shard < b.shard; });
  return moves;
}

}  // namespace shop::cluster
