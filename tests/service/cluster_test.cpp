// The membership through the service: a lone node answers a view of itself, a node with a
// membership actor answers whatever that actor sees.
#include "service/cluster.hpp"

#include <catch2/catch.hpp>

#include "actors/hosting/clock.hpp"
#include "actors/shop_error.hpp"
#include "tests/support/service_fixture.hpp"

using namespace shop;

namespace {

const service::node_settings node_1{"node-1", "127.0.0.1:8081", 64, 5000};

}  // namespace

TEST_CASE("a lone node is a cluster of one: itself, UP, every shard", "[service][cluster]") {
  test::service_fixture f;
  REQUIRE_FALSE(f.rt->cluster);
  const auto before = wall_clock_ms();
  auto v = f.call<model::cluster_view>(
      [&](auto done) { service::cluster_view_now(f.shop(), node_1, done); });
  REQUIRE(v);
  CHECK(v->node_id == "node-1");
  CHECK(v->shard_count == 64);
  REQUIRE(v->nodes.size() == 1);
  const auto& me = v->nodes.front();
  CHECK(me.node_id == "node-1");
  CHECK(me.http_address == "127.0.0.1:8081");
  CHECK(me.cluster_address.empty());
  CHECK(me.status == "UP");
  CHECK(me.shards == 64);
  CHECK(me.lease_expires_at_ms >= before + 5000);  // as if just renewed
  CHECK(me.lease_expires_at_ms <= wall_clock_ms() + 5000);
}

TEST_CASE("a node with a membership actor answers that actor's view", "[service][cluster]") {
  test::service_fixture f;
  model::cluster_view seen{"node-2",
                           16,
                           {{"node-1", "127.0.0.1:8081", "127.0.0.1:9081", "DEAD", 1000, 0},
                            {"node-2", "127.0.0.1:8082", "127.0.0.1:9082", "UP", 2000, 16}}};
  // CAF 0.17 dereferences a null argument tuple for a spawn without arguments (UBSan), so the
  // view is passed as one.
  auto membership = f.sys.spawn(
      [](model::cluster_view v) -> caf::behavior {
        return {[v](cluster_view_atom) { return v; }};
      },
      seen);
  f.rt->cluster = membership;
  auto v = f.call<model::cluster_view>(
      [&](auto done) { service::cluster_view_now(f.shop(), node_1, done); });
  caf::anon_send_exit(membership, caf::exit_reason::user_shutdown);
  REQUIRE(v);
  CHECK(v->node_id == "node-2");
  CHECK(v->shard_count == 16);
  REQUIRE(v->nodes.size() == 2);
  CHECK(v->nodes[0].status == "DEAD");
  CHECK(v->nodes[1].cluster_address == "127.0.0.1:9082");
  CHECK(v->nodes[1].shards == 16);
}

TEST_CASE("a membership actor that cannot answer is an error, not a lone node's view",
          "[service][cluster]") {
  test::service_fixture f;
  auto membership = f.sys.spawn(
      [](shop_error e) -> caf::behavior {
        return {[e](cluster_view_atom) -> caf::result<model::cluster_view> {
          return make_error(e);
        }};
      },
      shop_error::unavailable);
  f.rt->cluster = membership;
  auto v = f.call<model::cluster_view>(
      [&](auto done) { service::cluster_view_now(f.shop(), node_1, done); });
  caf::anon_send_exit(membership, caf::exit_reason::user_shutdown);
  REQUIRE_FALSE(v);
  CHECK(v.error() == make_error(shop_error::unavailable));
}
