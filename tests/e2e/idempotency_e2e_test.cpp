// The Idempotency-Key header on POST /api/users/{id}/balance/charge, against shop-server as a
// process: a repeat answers the first response and acts once, also under concurrency and across
// kill -9; keys are per user; requests rejected before acting are not remembered, refusals by the
// shop's rules are (docs/api-notes.md); bad keys are refused.
#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/error_assertions.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/shop_users.hpp"
#include "tests/support/test_database.hpp"

namespace {

using nlohmann::json;
using shop::test::bearer;
using shop::test::create_user;
using shop::test::http_balance;
using shop::test::http_call;
using shop::test::http_result;
using shop::test::require_error;
using shop::test::server_process;
using shop::test::shop_user;
using shop::test::sql_balance;
using shop::test::user_path;
using shop::test::with_key;

http_result charge(unsigned short port, const shop_user& u, std::int64_t amount,
                   const std::string& key) {
  return http_call(port, "POST", user_path(u.id, "/balance/charge"),
                   json{{"amount", amount}}.dump(), with_key(bearer(u), key));
}

http_result charge_without_key(unsigned short port, const shop_user& u, std::int64_t amount) {
  return http_call(port, "POST", user_path(u.id, "/balance/charge"),
                   json{{"amount", amount}}.dump(), bearer(u));
}

// Balance over HTTP and in SQL are both `expected`.
void require_balance(unsigned short port, const shop_user& u, std::int64_t expected) {
  CHECK(http_balance(port, u) == expected);
  CHECK(sql_balance(u.id) == expected);
}

struct idempotency_fixture {
  idempotency_fixture() {
    shop::test::reset_database();
    server.start();
    kim = create_user(port(), "kim", 1000);
  }
  server_process server{SHOP_SERVER_BIN};
  shop_user kim;
  unsigned short port() const { return server.port(); }
};

}  // namespace

TEST_CASE_METHOD(idempotency_fixture,
                 "idempotency: the same key twice answers the same status and body and acts once",
                 "[e2e][idempotency]") {
  auto first = charge(port(), kim, 500, "charge-001");
  INFO(first.body);
  REQUIRE(first.status == 200);
  CHECK(first.json() == json{{"userId", kim.id}, {"balance", 1500}});

  auto again = charge(port(), kim, 500, "charge-001");
  CHECK(again.status == first.status);
  CHECK(again.body == first.body);
  require_balance(port(), kim, 1500);

  // A charge without a key acts every time; the replay still answers the first response.
  auto plain = charge_without_key(port(), kim, 500);
  REQUIRE(plain.status == 200);
  CHECK(plain.json().at("balance") == 2000);
  auto third = charge(port(), kim, 500, "charge-001");
  CHECK(third.status == 200);
  CHECK(third.body == first.body);
  require_balance(port(), kim, 2000);

  // Another key is another request.
  auto other = charge(port(), kim, 500, "charge-002");
  REQUIRE(other.status == 200);
  CHECK(other.json().at("balance") == 2500);
  require_balance(port(), kim, 2500);
}

TEST_CASE_METHOD(idempotency_fixture,
                 "idempotency: the same key with a different amount is a 409 "
                 "IDEMPOTENCY_KEY_REUSED",
                 "[e2e][idempotency]") {
  auto first = charge(port(), kim, 500, "k-reused");
  REQUIRE(first.status == 200);
  require_error(charge(port(), kim, 700, "k-reused"), 409, "IDEMPOTENCY_KEY_REUSED");
  require_balance(port(), kim, 1500);
  // The original request is still remembered, unchanged.
  auto again = charge(port(), kim, 500, "k-reused");
  CHECK(again.status == 200);
  CHECK(again.body == first.body);
  require_balance(port(), kim, 1500);
}

TEST_CASE_METHOD(idempotency_fixture, "idempotency: keys are per user", "[e2e][idempotency]") {
  const auto lee = create_user(port(), "lee", 50);
  auto k = charge(port(), kim, 100, "shared-key");
  auto l = charge(port(), lee, 100, "shared-key");
  INFO(k.body << " / " << l.body);
  REQUIRE(k.status == 200);
  REQUIRE(l.status == 200);
  CHECK(k.json() == json{{"userId", kim.id}, {"balance", 1100}});
  CHECK(l.json() == json{{"userId", lee.id}, {"balance", 150}});
  require_balance(port(), kim, 1100);
  require_balance(port(), lee, 150);
  // lee may even use the key with another amount: kim's record is not lee's.
  auto l2 = charge(port(), lee, 7, "shared-key-2");
  REQUIRE(l2.status == 200);
  auto k2 = charge(port(), kim, 9, "shared-key-2");
  REQUIRE(k2.status == 200);
  require_balance(port(), kim, 1109);
  require_balance(port(), lee, 157);
}

TEST_CASE_METHOD(
    idempotency_fixture,
    "idempotency: 20 concurrent requests with one key all answer the same and act once",
    "[e2e][idempotency][concurrency]") {
  constexpr int n = 20;
  std::vector<http_result> answers(n);
  std::vector<std::string> errors(n);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (!go) std::this_thread::yield();
      try {
        answers[i] = charge(port(), kim, 250, "concurrent-key");  // a connection of its own
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  while (ready < n) std::this_thread::yield();
  go = true;
  for (auto& t : threads) t.join();

  for (int i = 0; i < n; ++i) {
    INFO("request " << i << ": " << errors[i] << " " << answers[i].status << " "
                    << answers[i].body);
    CHECK(errors[i].empty());
    CHECK(answers[i].status == 200);
    CHECK(answers[i].body == answers[0].body);
  }
  CHECK(answers[0].json() == json{{"userId", kim.id}, {"balance", 1250}});
  require_balance(port(), kim, 1250);
}

TEST_CASE_METHOD(idempotency_fixture,
                 "idempotency: a request rejected before acting is not remembered under its key",
                 "[e2e][idempotency]") {
  SECTION("400 INVALID_AMOUNT, then a valid request with the same key acts") {
    require_error(charge(port(), kim, 0, "retry-key"), 400, "INVALID_AMOUNT");
    auto ok = charge(port(), kim, 300, "retry-key");
    INFO(ok.body);
    REQUIRE(ok.status == 200);
    CHECK(ok.json().at("balance") == 1300);
    require_balance(port(), kim, 1300);
  }
  SECTION("400 INVALID_JSON, then a valid request with the same key acts") {
    require_error(http_call(port(), "POST", user_path(kim.id, "/balance/charge"),
                            "{\"amount\": ", with_key(bearer(kim), "retry-key")),
                  400, "INVALID_JSON");
    auto ok = charge(port(), kim, 300, "retry-key");
    INFO(ok.body);
    REQUIRE(ok.status == 200);
    CHECK(ok.json().at("balance") == 1300);
    require_balance(port(), kim, 1300);
  }
}

// docs/api-notes.md: a refusal by the shop's rules is the first answer, remembered like a success.
TEST_CASE_METHOD(idempotency_fixture,
                 "idempotency: a refusal by the shop's rules is replayed under its key",
                 "[e2e][idempotency]") {
  const auto rich = create_user(port(), "rich", 10'000'000'000 - 100);
  auto first = charge(port(), rich, 200, "limit-key");
  require_error(first, 400, "BALANCE_LIMIT_EXCEEDED");
  auto again = charge(port(), rich, 200, "limit-key");
  CHECK(again.status == 400);
  CHECK(again.body == first.body);
  require_error(charge(port(), rich, 100, "limit-key"), 409, "IDEMPOTENCY_KEY_REUSED");
  require_balance(port(), rich, 10'000'000'000 - 100);

  // The refusal was stored, not only held in memory.
  server.kill9();
  server.start();
  auto after_crash = charge(port(), rich, 200, "limit-key");
  CHECK(after_crash.status == 400);
  CHECK(after_crash.body == first.body);
  require_balance(port(), rich, 10'000'000'000 - 100);
  // A fresh key is a new request.
  auto ok = charge(port(), rich, 100, "limit-key-2");
  INFO(ok.body);
  REQUIRE(ok.status == 200);
  require_balance(port(), rich, 10'000'000'000);
}

TEST_CASE_METHOD(
    idempotency_fixture,
    "idempotency: an invalid Idempotency-Key is a 400 INVALID_ARGUMENT and charges nothing",
    "[e2e][idempotency][validation]") {
  const std::vector<std::string> bad_keys = {
      "",                    // empty
      std::string(65, 'k'),  // longer than 64
      "two words",           // a space is not visible
      "tab\tinside",         // nor is a tab
      "caf\xc3\xa9",         // not ASCII
  };
  for (const auto& key : bad_keys) {
    INFO("key [" << key << "] (" << key.size() << " bytes)");
    require_error(charge(port(), kim, 100, key), 400, "INVALID_ARGUMENT");
  }
  require_balance(port(), kim, 1000);

  // The edges are accepted: 1 and 64 visible characters, punctuation included.
  for (const std::string& key : {std::string("x"), std::string(64, 'k'), std::string("!~#$%")}) {
    INFO("key " << key);
    CHECK(charge(port(), kim, 100, key).status == 200);
  }
  require_balance(port(), kim, 1300);
}

TEST_CASE_METHOD(idempotency_fixture,
                 "idempotency: a keyed charge is replayed and not repeated after kill -9",
                 "[e2e][idempotency][durability]") {
  auto first = charge(port(), kim, 400, "crash-key");
  INFO(first.body);
  REQUIRE(first.status == 200);
  CHECK(first.json().at("balance") == 1400);

  server.kill9();
  REQUIRE_FALSE(server.running());
  server.start();

  auto again = charge(port(), kim, 400, "crash-key");
  CHECK(again.status == 200);
  CHECK(again.body == first.body);
  require_balance(port(), kim, 1400);
  // The record survived with its request: another amount under the key is still a conflict.
  require_error(charge(port(), kim, 401, "crash-key"), 409, "IDEMPOTENCY_KEY_REUSED");
  require_balance(port(), kim, 1400);
}

TEST_CASE("idempotency: records past their 24 hours are deleted on schedule, younger ones replay",
          "[e2e][idempotency][retention]") {
  shop::test::reset_database();
  server_process server{SHOP_SERVER_BIN, {{"SHOP_IDEMPOTENCY_PURGE_INTERVAL_MS", "1000"}}};
  server.start();
  auto kim = create_user(server.port(), "kim", 1000);
  REQUIRE(charge(server.port(), kim, 100, "old-key").status == 200);
  auto young = charge(server.port(), kim, 200, "young-key");
  REQUIRE(young.status == 200);
  // As if "old-key" had been used 25 hours ago.
  shop::test::execute(
      "UPDATE idempotency_keys SET created_at = UTC_TIMESTAMP(3) - INTERVAL 25 HOUR "
      "WHERE idem_key = 'old-key'");
  const auto rows = [](const char* key) {
    return shop::test::query_int(
        std::string{"SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '"} + key + "'");
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (rows("old-key") != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(rows("old-key") == 0);
  CHECK(rows("young-key") == 1);

  // A restart forgets what memory held: the young key still replays from its row; the old one,
  // past its window and gone, acts again.
  server.kill9();
  server.start();
  auto again = charge(server.port(), kim, 200, "young-key");
  CHECK(again.status == 200);
  CHECK(again.body == young.body);
  require_balance(server.port(), kim, 1300);
  REQUIRE(charge(server.port(), kim, 100, "old-key").status == 200);
  require_balance(server.port(), kim, 1400);
}
