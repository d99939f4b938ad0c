// Where an entity lives in a cluster: its virtual shard (a stable hash of kind and id) and which
// live node owns each shard. Pure functions: no CAF, no SQL; the same answer on every node,
// compiler and platform, because every node must agree on them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shop::cluster {

// FNV-1a (64 bit) over the kind byte and the id's 8 bytes, least significant first, reduced
// modulo `shard_count` (> 0). Not std::hash: that may differ between builds, and a shard's
// entities must map to it for the life of the database.
std::uint32_t shard_of(std::uint8_t kind, std::int64_t id, std::uint32_t shard_count);

// A change of owner for one shard; `from` is "" when the shard had no live owner.
struct shard_move {
  std::uint32_t shard = 0;
  std::string from;
  std::string to;
  friend bool operator==(const shard_move& a, const shard_move& b) {
    return a.shard == b.shard && a.from == b.from && a.to == b.to;
  }
};

// The fewest moves that spread the shards evenly over `live` nodes (each ends with
// floor(n / nodes) or one more): shards of dead or absent owners go first, then a node over its
// share gives its highest-numbered shards to the nodes furthest under theirs. `owners[s]` is the
// owner of shard s ("" for none). Deterministic: nodes are taken in name order, so every node
// computes the same plan. No live node: no moves.
std::vector<shard_move> plan_placement(const std::vector<std::string>& owners,
                                       std::vector<std::string> live);

}  // namespace shop::cluster
