// GET /admin/cluster as tests read it: the membership one node sees, and when the shards are
// spread over the nodes that should hold them. Free of any test framework (the chaos driver
// uses it too).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shop::test {

struct cluster_member {
  std::string node_id;
  std::string http_address;
  std::string cluster_address;
  std::string status;  // UP, LEAVING or DEAD
  std::int64_t lease_expires_ms = -1;
  int shards = 0;
};

struct cluster_view {
  std::string node_id;  // the node that answered
  int shards = 0;       // the shard count of the database
  std::vector<cluster_member> nodes;
  std::string body;  // the answer as it came, for messages

  // The member named `node_id`; nullptr when the answer does not list it.
  const cluster_member* member(const std::string& node_id) const;
  // The shards the UP members own together.
  int shards_up() const;
};

// GET /admin/cluster with the admin token; nullopt when the node does not answer 200 with JSON.
std::optional<cluster_view> read_cluster(unsigned short port);

// True when exactly the nodes named in `live` are UP, each owns at least its even share
// (shards / live nodes, rounded down: placement gives each that or one more) and they own every
// shard between them. Until then requests for some entities may get 503 while shards move.
bool spread_over(const cluster_view& v, const std::vector<std::string>& live);

}  // namespace shop::test
