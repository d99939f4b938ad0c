// The journal writer against the real MariaDB of scripts/test.sh.
#include "persistence/journal_writer.hpp"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "actors/messages.hpp"
#include "model/storage_error.hpp"
#include "persistence/migrations.hpp"
#include "persistence/tables.hpp"
#include "tests/support/test_database.hpp"

using namespace shop;
using namespace shop::persistence;

namespace {

struct fixture {
  fixture() { test::migrated_database(); }
  caf::actor_system_config cfg = [] {
    caf::actor_system_config c;
    add_message_types(c);
    return c;
  }();
  caf::actor_system sys{cfg};
};

option_row option(std::int64_t id, std::int64_t stock, std::int64_t version) {
  return {id, 1, "opt", 0, stock, 0, version};
}

caf::error commit(caf::actor_system& sys, const journal& j, journal_unit u) {
  REQUIRE(j.gate->try_admit());
  caf::scoped_actor self{sys};
  caf::error result;
  self->request(j.writer, caf::infinite, commit_atom::value, std::move(u))
      .receive([](caf::ok_atom) {}, [&](caf::error& e) { result = std::move(e); });
  return result;
}

journal_stats stats(caf::actor_system& sys, const journal& j) {
  caf::scoped_actor self{sys};
  journal_stats s;
  self->request(j.writer, caf::infinite, journal_stats_atom::value)
      .receive([&](journal_stats& x) { s = x; }, [](caf::error&) { FAIL("no stats"); });
  return s;
}

void stop(const journal& j) {
  caf::anon_send_exit(j.writer, caf::exit_reason::user_shutdown);
}

}  // namespace

TEST_CASE_METHOD(fixture, "a unit is acknowledged after its rows are committed", "[journal]") {
  auto j = spawn_journal_writer(sys, test::test_db_params(), {}, 100);
  product_row p{7, "shirt", "soft", "apparel", 39000, true, 1795429530123, 1};
  CHECK_FALSE(commit(sys, j, {{to_image(p), to_image(option(70, 10, 1))}}));
  CHECK(test::query_int("SELECT COUNT(*) FROM products WHERE id = 7 AND price = 39000") == 1);
  CHECK(test::query_int("SELECT stock FROM product_options WHERE id = 70") == 10);
  CHECK(test::query_int(
            "SELECT COUNT(*) FROM products WHERE created_at = '2026-11-23 10:25:30.123'") == 1);
  CHECK(j.gate->outstanding.load() == 0);
  stop(j);
}

TEST_CASE_METHOD(fixture, "an older image never overwrites a newer one", "[journal]") {
  auto j = spawn_journal_writer(sys, test::test_db_params(), {}, 100);
  CHECK_FALSE(commit(sys, j, {{to_image(option(1, 30, 3))}}));
  CHECK_FALSE(commit(sys, j, {{to_image(option(1, 20, 2))}}));
  CHECK(test::query_int("SELECT stock FROM product_options WHERE id = 1") == 30);
  CHECK(test::query_int("SELECT version FROM product_options WHERE id = 1") == 3);
  CHECK_FALSE(commit(sys, j, {{to_image(option(1, 40, 4))}}));
  CHECK(test::query_int("SELECT stock FROM product_options WHERE id = 1") == 40);
  stop(j);
}

TEST_CASE_METHOD(fixture, "concurrent units are group-committed, each acknowledged", "[journal]") {
  auto j = spawn_journal_writer(sys, test::test_db_params(), {}, 10000);
  constexpr int n = 600;
  caf::scoped_actor self{sys};
  std::vector<decltype(self->request(j.writer, caf::infinite, commit_atom::value, journal_unit{}))>
      pending;
  for (int i = 1; i <= n; ++i) {
    REQUIRE(j.gate->try_admit());
    pending.push_back(self->request(j.writer, caf::infinite, commit_atom::value,
                                    journal_unit{{to_image(option(i, i, 1))}}));
  }
  int acked = 0;
  for (auto& h : pending) h.receive([&](caf::ok_atom) { ++acked; }, [](caf::error&) {});
  CHECK(acked == n);
  CHECK(test::query_int("SELECT COUNT(*) FROM product_options") == n);
  auto s = stats(sys, j);
  CHECK(s.units == static_cast<std::uint64_t>(n));
  CHECK(s.batches < static_cast<std::uint64_t>(n));  // batching happened
  stop(j);
}

TEST_CASE_METHOD(fixture, "a unit lands whole or not at all", "[journal]") {
  auto j = spawn_journal_writer(sys, test::test_db_params(), {}, 100);
  product_row too_long{9, std::string(300, 'x'), "", "c", 1, true, 0, 1};  // VARCHAR(200)
  auto err = commit(sys, j, {{to_image(option(90, 5, 1)), to_image(too_long)}});
  CHECK(is(err, storage_error::rejected));
  CHECK(test::query_int("SELECT COUNT(*) FROM product_options WHERE id = 90") == 0);
  CHECK(test::query_int("SELECT COUNT(*) FROM products WHERE id = 9") == 0);
  CHECK(j.gate->outstanding.load() == 0);
  stop(j);
}

TEST_CASE_METHOD(fixture, "text is stored exactly as given, quotes and all", "[journal]") {
  // Batches carry their values inline in the SQL text: what a client typed must not become SQL.
  auto j = spawn_journal_writer(sys, test::test_db_params(), {}, 100);
  std::string name = "it's \\ \"quoted\"; DROP TABLE products; -- \xED\x95\x9C\xEA\xB8\x80";
  name += std::string(1, '\0') + "\n\r\x1a end";
  CHECK_FALSE(commit(sys, j, {{to_image(product_row{12, name, "", "c", 1, true, 0, 1})}}));
  CHECK(test::query_text("SELECT name FROM products WHERE id = 12") == name);
  stop(j);
}

TEST_CASE_METHOD(fixture, "a row colliding on another unique key is refused, not ignored",
                 "[journal]") {
  // user_coupons is unique on (user_id, coupon_id): a second coupon of campaign 1 for user 7,
  // under another id, must fail its unit rather than "commit" as a no-op.
  auto j = spawn_journal_writer(sys, test::test_db_params(), {}, 100);
  user_coupon_row first{1, 7, 1, coupon_status::available, 1000, 2000, 0, 1, "", "", 0};
  CHECK_FALSE(commit(sys, j, {{to_image(first)}}));
  auto second = first;
  second.id = 2;
  // The option's statement runs first and succeeds: the refusal must take it back too.
  CHECK(is(commit(sys, j, {{to_image(option(91, 5, 1)), to_image(second)}}),
           storage_error::rejected));
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM product_options WHERE id = 91") == 0);
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM user_coupons") == 1);
  CHECK(shop::test::query_int("SELECT id FROM user_coupons") == 1);
  // The same row again (same id, newer version) still updates.
  first.status = coupon_status::used;
  first.version = 2;
  CHECK_FALSE(commit(sys, j, {{to_image(first)}}));
  CHECK(shop::test::query_int("SELECT version FROM user_coupons WHERE id = 1") == 2);
  stop(j);
}

TEST_CASE_METHOD(fixture, "a refused unit is isolated from the rest of its batch", "[journal]") {
  journal_options opts;
  opts.batch_window = std::chrono::milliseconds(200);  // all four land in one batch
  auto j = spawn_journal_writer(sys, test::test_db_params(), opts, 100);
  caf::scoped_actor self{sys};
  product_row bad{9, std::string(300, 'x'), "", "c", 1, true, 0, 1};
  std::vector<journal_unit> units{{{to_image(option(1, 1, 1))}},
                                  {{to_image(bad)}},
                                  {{to_image(option(2, 2, 1))}},
                                  {{to_image(option(3, 3, 1))}}};
  std::vector<decltype(self->request(j.writer, caf::infinite, commit_atom::value, journal_unit{}))>
      pending;
  for (auto& u : units) {
    REQUIRE(j.gate->try_admit());
    pending.push_back(self->request(j.writer, caf::infinite, commit_atom::value, u));
  }
  std::vector<bool> ok;
  for (auto& h : pending)
    h.receive([&](caf::ok_atom) { ok.push_back(true); }, [&](caf::error&) { ok.push_back(false); });
  CHECK(ok == std::vector<bool>{true, false, true, true});
  CHECK(test::query_int("SELECT COUNT(*) FROM product_options") == 3);
  CHECK(stats(sys, j).rejected_units == 1);
  stop(j);
}

TEST_CASE_METHOD(fixture, "the gate refuses writes beyond the queue capacity", "[journal]") {
  journal_gate gate(2);
  CHECK(gate.try_admit());
  CHECK(gate.try_admit());
  CHECK_FALSE(gate.try_admit());
  gate.release(1);
  CHECK(gate.try_admit());
  gate.db_down = true;
  gate.release(2);
  CHECK_FALSE(gate.try_admit());
}

TEST_CASE_METHOD(fixture, "sync answers after everything before it committed", "[journal]") {
  auto j = spawn_journal_writer(sys, test::test_db_params(), {}, 1000);
  for (int i = 1; i <= 50; ++i) {
    REQUIRE(j.gate->try_admit());
    caf::anon_send(j.writer, commit_atom::value, journal_unit{{to_image(option(i, 1, 1))}});
  }
  caf::scoped_actor self{sys};
  bool synced = false;
  self->request(j.writer, caf::infinite, sync_atom::value)
      .receive([&](caf::ok_atom) { synced = true; }, [](caf::error&) {});
  CHECK(synced);
  CHECK(test::query_int("SELECT COUNT(*) FROM product_options") == 50);
  stop(j);
}
