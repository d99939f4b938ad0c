// Who owns each cluster shard, as this node's membership actor last read it, and how to reach the
// owner. Pushed to every registry shard (entity_registry.cpp) and to the shard-aware jobs; never
// shared mutably: each update is a new table.
#pragma once

#include <caf/actor.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/cluster/shard_placement.hpp"
#include "actors/messages.hpp"
#include "model/row_image.hpp"

namespace shop::cluster {

struct shard_route {
  std::string owner;       // node id; "" while the shard has no live owner
  std::int64_t epoch = 0;  // the epoch the owner holds it at
  bool local = false;      // this node owns it and serves it
  caf::actor gateway;      // the owner's node_gateway, when it is another node we reached
};

struct routing_table {
  std::string self;                 // this node's id
  std::vector<shard_route> shards;  // one per shard: the database's shard count
  caf::actor membership;  // this node's membership actor: it fences peers (fence_peer_atom)

  std::uint32_t shard_of(const entity_key& k) const {
    return cluster::shard_of(static_cast<std::uint8_t>(k.kind), k.id,
                             static_cast<std::uint32_t>(shards.size()));
  }
  // The claim of an entity activated here now (the fence checks it at every commit).
  model::shard_claim claim_of(const entity_key& k) const {
    auto s = shard_of(k);
    return {s, shards[s].epoch};
  }
  std::vector<std::uint32_t> owned() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t s = 0; s < shards.size(); ++s)
      if (shards[s].local) out.push_back(s);
    return out;
  }
};

// Null: a lone node without cluster settings; it serves every key itself and fences nothing.
using routing = std::shared_ptr<const routing_table>;

}  // namespace shop::cluster

// Local only: the membership actor hands each listener the same immutable table.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(shop::cluster::routing)

namespace shop::cluster {

// The shop-wide jobs that cannot be split by shard (popularity batch, idempotency purge, sales
// fold) run on the owner of shard 0: one node at a time, and the next owner carries on when it
// dies. A lone node runs them all.
inline bool runs_shop_wide_jobs(const routing& r) {
  return !r || (!r->shards.empty() && r->shards[0].local);
}

// Whether this node owns entity k now (a lone node owns everything): the jobs split by shard
// (expiry sweep, delivery scan) take only these.
inline bool owns(const routing& r, const entity_key& k) {
  return !r || r->shards[r->shard_of(k)].local;
}

}  // namespace shop::cluster
