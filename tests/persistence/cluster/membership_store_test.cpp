// Membership and shard ownership against the real MariaDB: incarnations fence a restarted name,
// leases run out by the database's clock, a shard moves only from a dead or absent owner, and the
// fence a batch runs in its transaction refuses a node that lost a shard.
#include "persistence/cluster/membership_store.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <thread>

#include "persistence/database.hpp"
#include "persistence/migrations.hpp"
#include "tests/support/test_database.hpp"

using namespace shop::persistence;
using namespace shop::persistence::cluster;

namespace {

std::unique_ptr<sql::Connection> fresh_cluster_db(std::uint32_t shards = 8) {
  shop::test::reset_database();
  init_driver();
  auto c = connect(shop::test::test_db_params());
  migrate(*c);
  ensure_shard_count(*c, shards);
  return c;
}

const node_address node_a{"a", "127.0.0.1:8081", "127.0.0.1:4001"};
const node_address node_b{"b", "127.0.0.1:8082", "127.0.0.1:4002"};

}  // namespace

TEST_CASE("the shard count is fixed for the life of a database", "[db][cluster]") {
  auto c = fresh_cluster_db(8);
  CHECK(read_shards(*c).size() == 8);
  CHECK_NOTHROW(ensure_shard_count(*c, 8));
  CHECK_THROWS_AS(ensure_shard_count(*c, 16), shard_count_mismatch);
  CHECK(read_shards(*c).size() == 8);
}

TEST_CASE("a restart under the same name fences the previous incarnation at once",
          "[db][cluster]") {
  auto c = fresh_cluster_db();
  const auto first = register_node(*c, node_a, 5000);
  REQUIRE(take_shard(*c, 3, 0, "a", first) == std::optional<std::int64_t>{1});
  CHECK(holds_all(*c, {{3, 1}}));

  const auto second = register_node(*c, node_a, 5000);
  CHECK(second == first + 1);
  CHECK_FALSE(renew_lease(*c, "a", first, 5000));  // the old process learns it is fenced
  CHECK(renew_lease(*c, "a", second, 5000));
  const auto shard = read_shards(*c).at(3);
  CHECK(shard.owner_node == "a");
  CHECK(shard.owner_incarnation == second);
  CHECK(shard.epoch == 2);
  CHECK_FALSE(holds_all(*c, {{3, 1}}));  // the old one can commit nothing more
  CHECK(holds_all(*c, {{3, 2}}));
}

TEST_CASE("a lease runs out by the database's clock, and then its shards can be taken",
          "[db][cluster]") {
  auto c = fresh_cluster_db();
  const auto a = register_node(*c, node_a, 300);
  const auto b = register_node(*c, node_b, 60000);
  REQUIRE(take_shard(*c, 0, 0, "a", a));
  CHECK_FALSE(take_shard(*c, 0, 1, "b", b));  // a is alive: no takeover
  auto nodes = read_nodes(*c);
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[0].status == "UP");

  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  nodes = read_nodes(*c);
  CHECK(nodes[0].address.node_id == "a");
  CHECK(nodes[0].status == "DEAD");
  CHECK(nodes[1].status == "UP");
  CHECK_FALSE(renew_lease(*c, "a", a, 300));  // too late: a must stop serving
  CHECK_FALSE(take_shard(*c, 0, 0, "b", b));  // a stale epoch loses
  CHECK(take_shard(*c, 0, 1, "b", b) == std::optional<std::int64_t>{2});
  CHECK_FALSE(holds_all(*c, {{0, 1}}));
  CHECK(holds_all(*c, {{0, 2}}));
}

TEST_CASE("a handoff releases a shard at epoch + 1 and the next owner takes it", "[db][cluster]") {
  auto c = fresh_cluster_db();
  const auto a = register_node(*c, node_a, 60000);
  const auto b = register_node(*c, node_b, 60000);
  REQUIRE(take_shard(*c, 5, 0, "a", a));
  CHECK(mark_leaving(*c, "a", a));
  CHECK_FALSE(release_shard(*c, 5, "a", a, 0));  // not at the epoch it holds
  CHECK(release_shard(*c, 5, "a", a, 1));
  CHECK(take_shard(*c, 5, 2, "b", b) == std::optional<std::int64_t>{3});
  CHECK(read_nodes(*c).at(0).status == "LEAVING");
}

TEST_CASE("the fence holds only when every shard of a batch is still owned at its epoch",
          "[db][cluster]") {
  auto c = fresh_cluster_db();
  const auto a = register_node(*c, node_a, 60000);
  REQUIRE(take_shard(*c, 1, 0, "a", a));
  REQUIRE(take_shard(*c, 2, 0, "a", a));
  CHECK(holds_all(*c, {{1, 1}, {2, 1}}));
  CHECK(holds_all(*c, {{1, 1}, {2, 1}}));                // twice: the guard always changes the rows
  CHECK_FALSE(holds_all(*c, {{1, 1}, {2, 1}, {3, 0}}));  // shard 3 is not a's
  CHECK_FALSE(holds_all(*c, {{1, 0}}));                  // an old epoch
  CHECK(holds_all(*c, {}));
}

TEST_CASE("a takeover waits for a fenced batch's open transaction, then wins", "[db][cluster]") {
  auto c = fresh_cluster_db();
  const auto a = register_node(*c, node_a, 300);
  const auto b = register_node(*c, node_b, 60000);
  REQUIRE(take_shard(*c, 4, 0, "a", a));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // a's lease runs out

  // a, paused past its lease, wakes with a batch: its fence still matches (nobody took the shard
  // yet) and locks the row until it commits.
  c->setAutoCommit(false);
  REQUIRE(holds_all(*c, {{4, 1}}));
  auto other = connect(shop::test::test_db_params());
  auto taken = std::async(std::launch::async, [&] { return take_shard(*other, 4, 1, "b", b); });
  CHECK(taken.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
  c->commit();
  c->setAutoCommit(true);
  CHECK(taken.get() == std::optional<std::int64_t>{2});
  CHECK_FALSE(holds_all(*c, {{4, 1}}));  // a's next batch is refused
}

TEST_CASE("fencing a node waits for its open batch, then refuses the batches it queued",
          "[db][cluster]") {
  auto c = fresh_cluster_db();
  const auto a = register_node(*c, node_a, 60000);
  const auto b = register_node(*c, node_b, 60000);
  REQUIRE(take_shard(*c, 1, 0, "a", a));
  REQUIRE(take_shard(*c, 2, 0, "a", a));
  REQUIRE(take_shard(*c, 3, 0, "b", b));

  // a paused inside a batch whose fence passed: a peer that lost contact fences a, and waits.
  c->setAutoCommit(false);
  REQUIRE(holds_all(*c, {{1, 1}, {3, 1}}));
  auto other = connect(shop::test::test_db_params());
  auto fenced = std::async(std::launch::async, [&] { return fence_node(*other, "a"); });
  CHECK(fenced.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
  c->commit();  // a wakes: the batch it was in commits before the fence
  c->setAutoCommit(true);
  CHECK(fenced.get() == 2);  // only a's shards, still a's

  CHECK_FALSE(holds_all(*c, {{1, 1}}));  // a batch a queued under the old epoch
  CHECK(holds_all(*c, {{1, 2}, {2, 2}, {3, 1}}));
  for (const auto& s : read_shards(*c))
    if (s.shard == 1 || s.shard == 2) CHECK(s.owner_node == "a");
}
