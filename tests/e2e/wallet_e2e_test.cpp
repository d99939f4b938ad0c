// US-004 and the wallet: balance, charge, operator-created users and their tokens, against
// shop-server as a process. The last test is the issue's "done means": 1,000 concurrent charges
// of 1 won land exactly once each and survive kill -9.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <set>
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
using shop::test::http_connection;
using shop::test::http_result;
using shop::test::require_error;
using shop::test::server_process;
using shop::test::shop_user;
using shop::test::sql_balance;
using shop::test::user_path;

constexpr std::int64_t max_balance = 10'000'000'000;

std::set<std::string> keys_of(const json& j) {
  std::set<std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) out.insert(it.key());
  return out;
}

http_result charge(unsigned short port, const shop_user& u, const std::string& body) {
  return http_call(port, "POST", user_path(u.id, "/balance/charge"), body, bearer(u));
}

std::int64_t user_count() {
  return shop::test::query_int("SELECT COUNT(*) FROM users");
}

struct wallet_fixture {
  wallet_fixture() {
    shop::test::reset_database();
    server.start();
  }
  server_process server{SHOP_SERVER_BIN};
  unsigned short port() const { return server.port(); }
};

}  // namespace

TEST_CASE_METHOD(wallet_fixture, "wallet: US-004 a user's balance is shown in KRW",
                 "[e2e][wallet][US-004]") {
  const auto kim = create_user(port(), "kim", 100000);
  auto r = http_call(port(), "GET", user_path(kim.id, "/balance"), "", bearer(kim));
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json() == json{{"userId", kim.id}, {"balance", 100000}, {"currency", "KRW"}});
  CHECK(sql_balance(kim.id) == 100000);

  // initialBalance is optional: a new user starts at 0.
  auto r2 = http_call(port(), "POST", "/admin/users", R"({"name": "lee"})",
                      server_process::admin_headers());
  INFO(r2.body);
  REQUIRE(r2.status == 201);
  const shop_user lee{r2.json().at("userId").get<std::int64_t>(), "lee",
                      r2.json().at("token").get<std::string>()};
  CHECK(r2.json().at("balance") == 0);
  CHECK(http_balance(port(), lee) == 0);
  CHECK(http_balance(port(), kim) == 100000);
}

TEST_CASE_METHOD(wallet_fixture, "wallet: US-004 an unknown user answers 404 USER_NOT_FOUND",
                 "[e2e][wallet][US-004]") {
  create_user(port(), "kim", 5);
  const std::int64_t ghost = 987654321;
  const auto token = shop::test::customer_jwt(ghost, shop::test::unix_now_s() + 3600);
  require_error(http_call(port(), "GET", user_path(ghost, "/balance"), "", bearer(token)), 404,
                "USER_NOT_FOUND");
  require_error(http_call(port(), "POST", user_path(ghost, "/balance/charge"), R"({"amount": 10})",
                          bearer(token)),
                404, "USER_NOT_FOUND");
  // Asking for it did not create it.
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM users WHERE id = " + std::to_string(ghost)) ==
        0);
  require_error(http_call(port(), "GET", user_path(ghost, "/balance"), "", bearer(token)), 404,
                "USER_NOT_FOUND");
}

TEST_CASE_METHOD(wallet_fixture, "wallet: a charge adds the amount and answers the new balance",
                 "[e2e][wallet][charge]") {
  const auto kim = create_user(port(), "kim", 100000);
  auto r = charge(port(), kim, R"({"amount": 50000})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json() == json{{"userId", kim.id}, {"balance", 150000}});
  CHECK(http_balance(port(), kim) == 150000);
  CHECK(sql_balance(kim.id) == 150000);

  // Both ends of 1..1,000,000,000 are accepted.
  auto one = charge(port(), kim, R"({"amount": 1})");
  REQUIRE(one.status == 200);
  CHECK(one.json().at("balance") == 150001);
  auto top = charge(port(), kim, R"({"amount": 1000000000})");
  REQUIRE(top.status == 200);
  CHECK(top.json().at("balance") == 1000150001);
  CHECK(http_balance(port(), kim) == 1000150001);
  CHECK(sql_balance(kim.id) == 1000150001);
}

TEST_CASE_METHOD(
    wallet_fixture,
    "wallet: a charge amount outside 1..10^9 or not an integer is a 400 and changes nothing",
    "[e2e][wallet][charge]") {
  const auto kim = create_user(port(), "kim", 7000);
  const std::vector<std::string> bad_amounts = {
      R"({"amount": 0})",          R"({"amount": -1})",
      R"({"amount": 1000000001})", R"({"amount": "5000"})",
      R"({"amount": 12.5})",       R"({})",
      R"({"amount": null})",       R"({"amount": 99999999999999999999})"};
  for (const auto& body : bad_amounts) {
    INFO("body " << body);
    require_error(charge(port(), kim, body), 400, "INVALID_AMOUNT");
  }
  for (const std::string body : {R"({"amount": 5)", "amount=5", "[5]", ""}) {
    INFO("body " << body);
    require_error(charge(port(), kim, body), 400, "INVALID_JSON");
  }
  CHECK(http_balance(port(), kim) == 7000);
  CHECK(sql_balance(kim.id) == 7000);
}

TEST_CASE_METHOD(
    wallet_fixture,
    "wallet: a balance above 10^10 is refused with BALANCE_LIMIT_EXCEEDED and stays unchanged",
    "[e2e][wallet][charge]") {
  const auto rich = create_user(port(), "rich", max_balance - 1000);
  require_error(charge(port(), rich, R"({"amount": 1001})"), 400, "BALANCE_LIMIT_EXCEEDED");
  CHECK(http_balance(port(), rich) == max_balance - 1000);
  CHECK(sql_balance(rich.id) == max_balance - 1000);

  // Exactly the limit is allowed; one more won is not.
  auto r = charge(port(), rich, R"({"amount": 1000})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json().at("balance") == max_balance);
  require_error(charge(port(), rich, R"({"amount": 1})"), 400, "BALANCE_LIMIT_EXCEEDED");
  CHECK(http_balance(port(), rich) == max_balance);
  CHECK(sql_balance(rich.id) == max_balance);
}

TEST_CASE_METHOD(wallet_fixture, "wallet: POST /admin/users creates a user with a working token",
                 "[e2e][wallet][admin]") {
  auto r = http_call(port(), "POST", "/admin/users", R"({"name": "kim", "initialBalance": 2500})",
                     server_process::admin_headers());
  INFO(r.body);
  REQUIRE(r.status == 201);
  auto j = r.json();
  CHECK(keys_of(j) == std::set<std::string>{"userId", "name", "balance", "token"});
  REQUIRE(j.at("userId").is_number_integer());
  const auto id = j.at("userId").get<std::int64_t>();
  CHECK(id > 0);
  CHECK(j.at("name") == "kim");
  CHECK(j.at("balance") == 2500);
  const shop_user kim{id, "kim", j.at("token").get<std::string>()};
  CHECK(http_balance(port(), kim) == 2500);
  CHECK(sql_balance(id) == 2500);
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM users WHERE id = " + std::to_string(id) +
                              " AND name = 'kim'") == 1);

  // A second user gets another id, and its token is not kim's.
  const auto lee = create_user(port(), "lee", max_balance);  // the top of 0..10^10 is allowed
  CHECK(lee.id != kim.id);
  CHECK(http_balance(port(), lee) == max_balance);
  require_error(http_call(port(), "GET", user_path(kim.id, "/balance"), "", bearer(lee)), 403,
                "FORBIDDEN");
}

TEST_CASE_METHOD(wallet_fixture, "wallet: POST /admin/users refuses bad input and creates nothing",
                 "[e2e][wallet][admin]") {
  auto post = [&](const std::string& body) {
    return http_call(port(), "POST", "/admin/users", body, server_process::admin_headers());
  };
  const std::string long_name(101, 'n');
  for (const std::string& body : std::vector<std::string>{
           R"({"initialBalance": 0})", R"({"name": "", "initialBalance": 0})",
           R"({"name": "   ", "initialBalance": 0})", R"({"name": 42, "initialBalance": 0})",
           R"({"name": null})", std::string(R"({"name": ")") + long_name + R"("})"}) {
    INFO("body " << body);
    require_error(post(body), 400, "INVALID_ARGUMENT");
  }
  for (const std::string body : {R"({"name": "kim", "initialBalance": -1})",
                                 R"({"name": "kim", "initialBalance": 10000000001})",
                                 R"({"name": "kim", "initialBalance": "100"})",
                                 R"({"name": "kim", "initialBalance": 1.5})"}) {
    INFO("body " << body);
    require_error(post(body), 400, "INVALID_AMOUNT");
  }
  for (const std::string body : {R"({"name": "kim")", "[]", "name=kim"}) {
    INFO("body " << body);
    require_error(post(body), 400, "INVALID_JSON");
  }
  CHECK(user_count() == 0);
}

TEST_CASE_METHOD(wallet_fixture, "wallet: POST /admin/users without the admin token is a 401",
                 "[e2e][wallet][admin]") {
  const std::string body = R"({"name": "kim", "initialBalance": 0})";
  require_error(http_call(port(), "POST", "/admin/users", body), 401, "UNAUTHORIZED");
  require_error(http_call(port(), "POST", "/admin/users", body,
                          {{"Authorization", "Bearer not-the-admin-token"}}),
                401, "UNAUTHORIZED");
  require_error(http_call(port(), "POST", "/admin/users", body,
                          {{"Authorization", server_process::admin_token()}}),  // no "Bearer "
                401, "UNAUTHORIZED");
  CHECK(user_count() == 0);
}

TEST_CASE_METHOD(wallet_fixture, "wallet: POST /admin/users/{id}/token issues a working token",
                 "[e2e][wallet][admin]") {
  const auto kim = create_user(port(), "kim", 300);
  const auto lee = create_user(port(), "lee", 0);
  auto r = http_call(port(), "POST", "/admin/users/" + std::to_string(kim.id) + "/token", "",
                     server_process::admin_headers());
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto j = r.json();
  CHECK(keys_of(j) == std::set<std::string>{"token"});
  const auto fresh = j.at("token").get<std::string>();
  REQUIRE_FALSE(fresh.empty());
  CHECK(http_balance(port(), shop_user{kim.id, "kim", fresh}) == 300);
  auto c = http_call(port(), "POST", user_path(kim.id, "/balance/charge"), R"({"amount": 5})",
                     bearer(fresh));
  REQUIRE(c.status == 200);
  CHECK(c.json().at("balance") == 305);
  // It is kim's token, not lee's.
  require_error(http_call(port(), "GET", user_path(lee.id, "/balance"), "", bearer(fresh)), 403,
                "FORBIDDEN");

  require_error(http_call(port(), "POST", "/admin/users/987654321/token", "",
                          server_process::admin_headers()),
                404, "USER_NOT_FOUND");
  require_error(
      http_call(port(), "POST", "/admin/users/" + std::to_string(kim.id) + "/token", "", {}), 401,
      "UNAUTHORIZED");
}

TEST_CASE("wallet: 1000 concurrent charges of 1 won land exactly once and survive kill -9",
          "[e2e][wallet][concurrency][durability]") {
  shop::test::reset_database();
  constexpr int n_threads = 16;
  constexpr int n_charges = 1000;
  constexpr std::int64_t initial = 5000;
  server_process server{SHOP_SERVER_BIN};
  server.start();
  const auto kim = create_user(server.port(), "kim", initial);
  const auto path = user_path(kim.id, "/balance/charge");

  std::atomic<int> tickets{n_charges};
  std::atomic<int> ok{0};
  std::mutex mu;
  std::map<int, int> statuses;
  std::vector<std::int64_t> answered;  // the balance each 200 reported
  std::vector<std::string> errors;
  std::vector<std::thread> workers;
  for (int t = 0; t < n_threads; ++t)
    workers.emplace_back([&] {
      try {
        http_connection c(server.port());
        while (tickets.fetch_sub(1) > 0) {
          auto r = c.call("POST", path, R"({"amount": 1})", bearer(kim));
          std::lock_guard<std::mutex> lk(mu);
          ++statuses[r.status];
          if (r.status == 200) {
            ++ok;
            answered.push_back(r.json().at("balance").get<std::int64_t>());
          } else if (errors.size() < 5) {
            errors.push_back(r.body);
          }
        }
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lk(mu);
        errors.push_back(e.what());
      }
    });
  for (auto& w : workers) w.join();

  std::string summary = "statuses:";
  for (const auto& [s, n] : statuses) summary += " " + std::to_string(s) + "x" + std::to_string(n);
  for (const auto& e : errors) summary += "\n  " + e;
  INFO(summary);
  REQUIRE(ok == n_charges);
  // Each charge saw its own balance: exactly initial+1 .. initial+1000, each once.
  std::sort(answered.begin(), answered.end());
  std::vector<std::int64_t> expected;
  for (int i = 1; i <= n_charges; ++i) expected.push_back(initial + i);
  CHECK(answered == expected);
  CHECK(http_balance(server.port(), kim) == initial + n_charges);
  CHECK(sql_balance(kim.id) == initial + n_charges);

  server.kill9();
  REQUIRE_FALSE(server.running());
  CHECK(sql_balance(kim.id) == initial + n_charges);
  server.start();
  CHECK(http_balance(server.port(), kim) == initial + n_charges);
  CHECK(sql_balance(kim.id) == initial + n_charges);
}
