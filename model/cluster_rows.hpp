// The cluster's membership and shard ownership as stored (migration 0008), and the messages of
// the membership keeper (persistence/cluster/membership_keeper.hpp) that reads and writes them.
#pragma once

#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace shop::model {

struct node_address {
  std::string node_id;
  std::string http_address;     // host:port
  std::string cluster_address;  // host:port of its CAF middleman
};

struct node_record {
  node_address address;
  std::int64_t incarnation = 0;
  std::string status;                    // UP, LEAVING or DEAD (a lease run out reads as DEAD)
  std::int64_t lease_expires_at_ms = 0;  // UTC
};

struct shard_record {
  std::uint32_t shard = 0;
  std::string owner_node;  // "" for none
  std::int64_t owner_incarnation = 0;
  std::int64_t epoch = 0;
};

// One read of both tables.
struct cluster_snapshot {
  std::vector<node_record> nodes;
  std::vector<shard_record> shards;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_address& x) {
  return f(caf::meta::type_name("node_address"), x.node_id, x.http_address, x.cluster_address);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_record& x) {
  return f(caf::meta::type_name("node_record"), x.address, x.incarnation, x.status,
           x.lease_expires_at_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, shard_record& x) {
  return f(caf::meta::type_name("shard_record"), x.shard, x.owner_node, x.owner_incarnation,
           x.epoch);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cluster_snapshot& x) {
  return f(caf::meta::type_name("cluster_snapshot"), x.nodes, x.shards);
}

using renew_atom = caf::atom_constant<caf::atom("renew")>;
using read_cluster_atom = caf::atom_constant<caf::atom("readclust")>;
using take_shard_atom = caf::atom_constant<caf::atom("takeshard")>;
using release_shard_atom = caf::atom_constant<caf::atom("relshard")>;
using mark_leaving_atom = caf::atom_constant<caf::atom("leaving")>;
using fence_node_atom = caf::atom_constant<caf::atom("fencenode")>;

//   (renew_atom) -> bool: false once this incarnation is fenced (declared dead or replaced)
//   (read_cluster_atom) -> cluster_snapshot
//   (take_shard_atom, uint32 shard, int64 expected_epoch) -> int64 new epoch, 0 if not taken
//   (release_shard_atom, uint32 shard, int64 epoch) -> bool
//   (mark_leaving_atom) -> bool
//   (fence_node_atom, string node) -> int64 shards of that node whose epoch moved
// Each answers storage_error::unavailable when the database cannot be reached.

}  // namespace shop::model
