// Ids across nodes on one database: allocators in block mode, each with its block source and
// connection like two nodes, never hand out the same id, and carry on above the rows there are.
#include <algorithm>
#include <caf/all.hpp>
#include <catch2/catch.hpp>
#include <mutex>
#include <thread>

#include "actors/hosting/id_allocator.hpp"
#include "actors/messages.hpp"
#include "persistence/catalog_queries.hpp"
#include "persistence/id_block_source.hpp"
#include "tests/support/service_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace shop;

namespace {

// The highest id of every table now, as start_runtime reads them.
std::vector<std::int64_t> floors() {
  auto c = test::test_connection();
  std::vector<std::int64_t> all;
  for (std::size_t t = 0; t < static_cast<std::size_t>(model::table_id::count_); ++t)
    all.push_back(persistence::max_id(*c, static_cast<model::table_id>(t)));
  return all;
}

// A node's allocator: its own block source (and connection) on the test database.
struct node_ids {
  caf::actor source;
  caf::actor ids;
  node_ids(caf::actor_system& sys, std::int64_t block_size)
      : source(persistence::spawn_id_block_source(sys, test::test_db_params(), floors())),
        ids(spawn_block_id_allocator(sys, source, block_size)) {}
  ~node_ids() {
    caf::anon_send_exit(ids, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(source, caf::exit_reason::user_shutdown);
  }
};

caf::expected<std::int64_t> next_id(caf::actor_system& sys, const caf::actor& ids,
                                    model::table_id t, std::int64_t count) {
  caf::scoped_actor self{sys};
  caf::expected<std::int64_t> out{caf::error{}};
  self->request(ids, std::chrono::seconds(30), next_id_atom::value, static_cast<std::uint8_t>(t),
                count)
      .receive([&](std::int64_t first) { out = first; }, [&](caf::error& e) { out = e; });
  return out;
}

}  // namespace

TEST_CASE("two nodes' allocators on one database never hand out the same id", "[db][ids]") {
  test::migrated_database();
  persistence::init_driver();
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  // Small blocks, so that the two reserve often and at the same moments.
  node_ids a{sys, 5};
  node_ids b{sys, 5};
  std::mutex mutex;
  std::vector<std::pair<std::int64_t, std::int64_t>> handed;  // [first, end)
  std::vector<std::thread> callers;
  for (int c = 0; c < 4; ++c)
    callers.emplace_back([&, c] {
      const auto& ids = c % 2 ? a.ids : b.ids;
      for (int i = 0; i < 150; ++i) {
        // Mostly one to three ids; every 25th request more than a block at once.
        const std::int64_t count = i % 25 == 0 ? 12 : 1 + (i + c) % 3;
        auto first = next_id(sys, ids, model::table_id::orders, count);
        std::lock_guard<std::mutex> lock{mutex};
        if (first) handed.emplace_back(*first, *first + count);
      }
    });
  for (auto& t : callers) t.join();
  REQUIRE(handed.size() == 600);
  std::sort(handed.begin(), handed.end());
  CHECK(handed.front().first >= 1);
  for (std::size_t i = 1; i < handed.size(); ++i) CHECK(handed[i - 1].second <= handed[i].first);
}

TEST_CASE("ids in blocks carry on above the rows there are", "[db][ids]") {
  // A lone node writes users, then restarts as a node of a cluster.
  test::service_fixture f;
  std::int64_t highest = 0;
  for (int i = 0; i < 3; ++i) highest = std::max(highest, f.new_user(1000).id);
  f.opts.cluster_ids = true;
  f.restart();
  auto next = f.new_user(1000);
  CHECK(next.id > highest);
  CHECK(test::query_int("SELECT COUNT(*) FROM users") == 4);
  // Rows written by a lone node after the blocks so far: a node started later starts above them.
  test::execute(
      "INSERT INTO users (id, name, balance, created_at, version) "
      "VALUES (100000, 'lee', 0, NOW(3), 1)");
  f.restart();
  CHECK(f.new_user(1000).id > 100000);
}
