// GET /admin/cluster's body, as API.md "Cluster" shows it.
#include "http/handlers/cluster_handlers.hpp"

#include <catch2/catch.hpp>

using namespace shop;
using nlohmann::json;

TEST_CASE("the membership renders as API.md shows it", "[http][cluster]") {
  model::cluster_view v;
  v.node_id = "127.0.0.1:8081";
  v.shard_count = 256;
  // 2026-12-06T10:00:05.000Z and, for the node that died, 09:59:58.250Z.
  v.nodes = {{"127.0.0.1:8081", "127.0.0.1:8081", "127.0.0.1:41234", "UP", 1796551205000, 86},
             {"node-3", "127.0.0.1:8083", "127.0.0.1:9083", "DEAD", 1796551198250, 0}};
  CHECK(http::cluster_json(v) == json::parse(R"({"nodeId": "127.0.0.1:8081", "shards": 256,
          "nodes": [{"nodeId": "127.0.0.1:8081", "httpAddress": "127.0.0.1:8081",
                     "clusterAddress": "127.0.0.1:41234", "status": "UP",
                     "leaseExpiresAt": "2026-12-06T10:00:05.000Z", "shards": 86},
                    {"nodeId": "node-3", "httpAddress": "127.0.0.1:8083",
                     "clusterAddress": "127.0.0.1:9083", "status": "DEAD",
                     "leaseExpiresAt": "2026-12-06T09:59:58.250Z", "shards": 0}]})"));
}

TEST_CASE("a view with no nodes renders an empty list, not null", "[http][cluster]") {
  model::cluster_view v;
  v.node_id = "a";
  v.shard_count = 1;
  auto j = http::cluster_json(v);
  CHECK(j.at("nodes").is_array());
  CHECK(j.at("nodes").empty());
}
