// Three shop-server nodes of one cluster on loopback and a fresh database, for the cluster e2e
// tests: started one after the other, then given time until the shards are spread evenly (a node
// is ready before it owns its share, and requests for shards on the move get 503).
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/cluster_view.hpp"
#include "tests/support/node_fleet.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/shop_orders.hpp"
#include "tests/support/test_database.hpp"

namespace shop::test {

// A short lease keeps takeovers (and the tests that wait for them) short.
constexpr int cluster_lease_ms = 2000;
// The shards must be spread within this after a start (a few lease periods in practice).
constexpr std::chrono::seconds cluster_settle_cap{60};

inline fleet_settings three_node_settings() {
  // Three processes share this machine's cores, as in scripts/run-cluster.sh.
  return {SHOP_SERVER_BIN,
          3,
          true,
          cluster_lease_ms,
          {{"SHOP_ACTOR_THREADS", "1"}, {"SHOP_HTTP_IO_THREADS", "1"}}};
}

// Empties the database before the nodes start on it.
struct fresh_database {
  fresh_database() { reset_database(); }
};

struct cluster_fixture : fresh_database {
  cluster_fixture() : fleet(three_node_settings()) {
    fleet.start_all();
    require_spread();
  }

  node_fleet fleet;
  shop_ledger ledger;

  unsigned short port(std::size_t i) const { return fleet.port(i); }

  // Requires every running node to see the shards spread over the running nodes.
  void require_spread() {
    const bool spread = fleet.wait_spread(cluster_settle_cap);
    if (!spread)
      for (std::size_t i = 0; i < fleet.size(); ++i)
        if (auto v = read_cluster(port(i))) UNSCOPED_INFO(fleet.name(i) << " sees " << v->body);
    REQUIRE(spread);
  }

  // GET /admin/actors/{type}/{id}?activate=true through node `via` (the entity need not be live
  // yet); requires 200 and returns the report.
  nlohmann::json inspect(std::size_t via, const std::string& type, std::int64_t id) {
    auto r = http_call(port(via), "GET",
                       "/admin/actors/" + type + "/" + std::to_string(id) + "?activate=true", "",
                       server_process::admin_headers());
    INFO("inspect " << type << "/" << id << " on " << fleet.name(via) << " -> " << r.status << " "
                    << r.body);
    REQUIRE(r.status == 200);
    return r.json();
  }

  // The node that owns the entity, as node `via` names it.
  std::string owner(const std::string& type, std::int64_t id, std::size_t via = 0) {
    const auto j = inspect(via, type, id);
    REQUIRE(j.contains("node"));
    return j.at("node").get<std::string>();
  }

  // The index of the node named `name`.
  std::size_t index_of(const std::string& name) const {
    for (std::size_t i = 0; i < fleet.size(); ++i)
      if (fleet.name(i) == name) return i;
    FAIL("no node is named " << name);
    return 0;
  }
};

}  // namespace shop::test
