// GET /admin/cluster: the cluster's membership as this node sees it (API.md "Cluster").
#pragma once

#include <nlohmann/json.hpp>

#include "http/api_context.hpp"
#include "http/route_table.hpp"
#include "model/cluster_view.hpp"

namespace shop::http {

// {"nodeId", "shards", "nodes": [{"nodeId", "httpAddress", "clusterAddress", "status",
// "leaseExpiresAt", "shards"}]}, nodes in the order of the view.
nlohmann::json cluster_json(const model::cluster_view& v);

void cluster_membership(api_context& api, const call_ptr& c);

}  // namespace shop::http
