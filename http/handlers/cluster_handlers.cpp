#include "http/handlers/cluster_handlers.hpp"

#include "http/json_input.hpp"
#include "service/cluster.hpp"

namespace shop::http {

nlohmann::json cluster_json(const model::cluster_view& v) {
  auto nodes = nlohmann::json::array();
  for (const auto& n : v.nodes)
    nodes.push_back({{"nodeId", n.node_id},
                     {"httpAddress", n.http_address},
                     {"clusterAddress", n.cluster_address},
                     {"status", n.status},
                     {"leaseExpiresAt", format_time(n.lease_expires_at_ms)},
                     {"shards", n.shards}});
  return {{"nodeId", v.node_id}, {"shards", v.shard_count}, {"nodes", std::move(nodes)}};
}

void cluster_membership(api_context& api, const call_ptr& c) {
  service::cluster_view_now(api.shop, api.node, [c](caf::expected<model::cluster_view> v) {
    if (!v) return c->fail(v.error());
    c->reply(boost::beast::http::status::ok, cluster_json(*v));
  });
}

}  // namespace shop::http
