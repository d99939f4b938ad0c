// The idempotency retention job against the real database: what it deletes, what it keeps.
#include "actors/jobs/receipt_retention.hpp"

#include <catch2/catch.hpp>

#include "tests/support/runtime_fixture.hpp"

using namespace shop;
using model::user_row;

namespace {

// Runs the job now (the fixture's interval is 10 minutes, so no timed run interferes).
std::int64_t purge(test::runtime_fixture& f) {
  caf::scoped_actor self{f.sys};
  std::int64_t deleted = -1;
  self->request(f.rt->receipts, std::chrono::seconds(30), purge_atom::value)
      .receive([&](std::int64_t n) { deleted = n; }, [](caf::error&) {});
  return deleted;
}

// `count` records of user 1 with ids from `first_id`, created `age_minutes` ago.
void insert_records(std::int64_t first_id, int count, int age_minutes) {
  test::execute(
      "INSERT INTO idempotency_keys (id, user_id, idem_key, request, response, created_at, "
      "version) SELECT " +
      std::to_string(first_id - 1) + " + seq, 1, CONCAT('k', seq), 'r', 'E:1', " +
      "UTC_TIMESTAMP(3) - INTERVAL " + std::to_string(age_minutes) + " MINUTE, 1 FROM seq_1_to_" +
      std::to_string(count));
}

}  // namespace

TEST_CASE("idempotency records past their 24 hours leave the database, younger ones stay",
          "[actors][idempotency][retention]") {
  test::runtime_fixture f;
  insert_records(1, 2500, 25 * 60);       // 2.5 batches past the window
  insert_records(10001, 3, 24 * 60 - 2);  // two minutes before the end of their window
  CHECK(purge(f) == 2500);
  CHECK(test::query_int("SELECT COUNT(*) FROM idempotency_keys") == 3);
  CHECK(test::query_int("SELECT MIN(id) FROM idempotency_keys") == 10001);
  CHECK(purge(f) == 0);
  CHECK(test::query_int("SELECT COUNT(*) FROM idempotency_keys") == 3);
}

TEST_CASE("a key repeated within its 24 hours still replays after a purge",
          "[actors][idempotency][retention]") {
  test::runtime_fixture f{std::chrono::milliseconds(100)};
  const auto user_1 = key_of(entity_kind::user, 1);
  REQUIRE(f.ask<user_row>(user_1, create_atom::value, user_row{1, "kim", 10, 0, 1}));
  REQUIRE(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{5}, std::string{"k1"}));
  CHECK(purge(f) == 0);
  REQUIRE(f.wait_passivated(entity_kind::user));  // the repeat reloads the record from its row
  auto replay = f.ask<user_row>(user_1, charge_atom::value, std::int64_t{5}, std::string{"k1"});
  REQUIRE(replay);
  CHECK(replay->balance == 15);
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == 15);
}
