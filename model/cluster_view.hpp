// The cluster's membership as one node sees it (GET /admin/cluster, API.md "Cluster"): values
// only, answered by the node's membership actor (actors/cluster/membership_actor.hpp).
#pragma once

#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace shop::model {

struct cluster_member {
  std::string node_id;
  std::string http_address;     // host:port
  std::string cluster_address;  // host:port of its CAF middleman
  std::string status;           // UP, LEAVING or DEAD
  std::int64_t lease_expires_at_ms = 0;  // UTC, by the database's clock
  std::int64_t shards = 0;               // shards it owns now
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cluster_member& x) {
  return f(caf::meta::type_name("cluster_member"), x.node_id, x.http_address, x.cluster_address,
           x.status, x.lease_expires_at_ms, x.shards);
}

struct cluster_view {
  std::string node_id;  // the node answering
  std::int64_t shard_count = 0;
  std::vector<cluster_member> nodes;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cluster_view& x) {
  return f(caf::meta::type_name("cluster_view"), x.node_id, x.shard_count, x.nodes);
}

}  // namespace shop::model
