// GET /admin/cluster against shop-server as a process started without cluster settings: a lone
// node is a cluster of one, named after its HTTP address, UP and owning every shard.
#include <catch2/catch.hpp>
#include <string>

#include "tests/support/instants.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace shop::test;

TEST_CASE("a lone node shows itself as the whole cluster", "[e2e][cluster]") {
  reset_database();
  server_process server{SHOP_SERVER_BIN};
  server.start();
  const auto port = server.port();
  const auto self = "127.0.0.1:" + std::to_string(port);

  CHECK(http_call(port, "GET", "/admin/cluster").status == 401);
  CHECK(http_call(port, "GET", "/admin/cluster", "", {{"Authorization", "Bearer nope"}}).status ==
        401);

  const auto asked_at = now_ms();
  auto r = http_call(port, "GET", "/admin/cluster", "", server_process::admin_headers());
  INFO("GET /admin/cluster -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  CHECK(r.headers["content-type"].rfind("application/json", 0) == 0);
  auto j = r.json();
  CHECK(j.at("nodeId") == self);
  CHECK(j.at("shards") == 256);
  REQUIRE(j.at("nodes").size() == 1);
  const auto& me = j.at("nodes").at(0);
  CHECK(me.at("nodeId") == self);
  CHECK(me.at("httpAddress") == self);
  CHECK(me.at("clusterAddress") == "");
  CHECK(me.at("status") == "UP");
  CHECK(me.at("shards") == 256);
  // RFC 3339 UTC with milliseconds, a lease as if just renewed: at least the default 5 s ahead.
  const auto lease = me.at("leaseExpiresAt").get<std::string>();
  CHECK(lease.size() == 24);
  CHECK(instant_of(me.at("leaseExpiresAt")) >= asked_at + 5000);
  CHECK(j.size() == 3);
  CHECK(me.size() == 6);
}
