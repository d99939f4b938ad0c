// Id blocks against the real MariaDB: a block starts above the floor and above every block given
// before, and blocks reserved at once over several connections never overlap.
#include "persistence/id_blocks.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <thread>

#include "persistence/database.hpp"
#include "persistence/migrations.hpp"
#include "tests/support/test_database.hpp"

using namespace shop;
using namespace shop::persistence;

TEST_CASE("an id block starts above the floor and above the blocks given before", "[db][ids]") {
  test::migrated_database();
  auto c = test::test_connection();
  CHECK(reserve_id_block(*c, 2, 100, 0) == 1);       // first block of table 2: [1, 101)
  CHECK(reserve_id_block(*c, 2, 100, 0) == 101);     // then on from there
  CHECK(reserve_id_block(*c, 2, 10, 50) == 201);     // a floor below the blocks changes nothing
  CHECK(reserve_id_block(*c, 2, 10, 5000) == 5001);  // rows up to 5000 exist: above them
  CHECK(reserve_id_block(*c, 2, 10, 0) == 5011);
  CHECK(reserve_id_block(*c, 4, 10, 70) == 71);  // each table counts on its own
  CHECK(test::query_int("SELECT next_id FROM id_blocks WHERE table_id = 2") == 5021);
  CHECK_THROWS_AS(reserve_id_block(*c, 2, 0, 0), std::invalid_argument);
}

TEST_CASE("blocks reserved at once over several connections never overlap", "[db][ids]") {
  test::migrated_database();
  constexpr int connections = 4;
  constexpr int blocks_each = 50;
  std::vector<std::vector<std::int64_t>> firsts(connections);
  std::vector<std::string> errors(connections);
  std::vector<std::thread> threads;
  for (int n = 0; n < connections; ++n)
    threads.emplace_back([&firsts, &errors, n] {
      db_thread_scope scope;
      try {
        auto c = connect(test::test_db_params());
        // Tables 0 and 1 both: the first block of each is raced for too.
        for (int i = 0; i < blocks_each; ++i)
          firsts[n].push_back(reserve_id_block(*c, i % 2, 7, 0));
      } catch (const std::exception& e) {
        errors[n] = e.what();
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& e : errors) CHECK(e.empty());
  for (int table = 0; table < 2; ++table) {
    std::vector<std::int64_t> all;
    for (const auto& mine : firsts)
      for (std::size_t i = table; i < mine.size(); i += 2) all.push_back(mine[i]);
    REQUIRE(all.size() == connections * blocks_each / 2);
    std::sort(all.begin(), all.end());
    CHECK(all.front() == 1);
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i] - all[i - 1] == 7);  // none shared
  }
}
