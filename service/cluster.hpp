// The cluster's membership as this node sees it (GET /admin/cluster, API.md "Cluster").
#pragma once

#include <cstdint>
#include <string>

#include "model/cluster_view.hpp"
#include "service/shop_service.hpp"

namespace shop::service {

// What this node was configured as (config/settings.hpp), for the view of a lone node.
struct node_settings {
  std::string node_id;       // config::cluster_node_id(): the name, or "<http address>:<http port>"
  std::string http_address;  // host:port of its HTTP front
  std::int64_t shard_count = 256;
  std::int64_t lease_ms = 5000;
};

// A lone node is a cluster of one: itself, UP, owning every shard, no cluster address. It renews
// no lease (there is no one to take over from it), so the view shows one as if just renewed:
// `now_ms` + lease.
model::cluster_view lone_node_view(const node_settings& self, std::int64_t now_ms);

// Asks the runtime's membership actor (within 5 s). A runtime without one (a lone node) answers
// lone_node_view() at once, on the caller's thread.
void cluster_view_now(const shop_service& s, const node_settings& self,
                      callback<model::cluster_view> done);

}  // namespace shop::service
