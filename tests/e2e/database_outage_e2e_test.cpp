// The database goes away and comes back: the server says 503 (never 500), stays up, and recovers
// on its own. Needs SHOP_TEST_DB_STOP / SHOP_TEST_DB_START (set by scripts/test.sh).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/shop_orders.hpp"
#include "tests/support/shop_users.hpp"
#include "tests/support/test_database.hpp"

namespace {

using nlohmann::json;
using shop::test::http_call;
using shop::test::http_result;
using shop::test::server_process;

constexpr auto k_request_timeout = std::chrono::milliseconds(5000);

// Brings the database back at scope exit if the test stopped it and did not restart it (a failed
// assertion must not leave the next tests without a database).
struct database_guard {
  std::string start_cmd;
  bool stopped = false;
  ~database_guard() {
    if (stopped && std::system(start_cmd.c_str()) != 0)
      std::cerr << "database_outage_e2e_test: could not restart the database with: " << start_cmd
                << std::endl;
  }
};

// Every status the server answered during the test, to check none was a 500.
struct status_log {
  std::map<int, int> counts;
  void add(const http_result& r) { ++counts[r.status]; }
  int server_errors_other_than_503() const {
    int n = 0;
    for (const auto& [st, c] : counts)
      if (st >= 500 && st != 503) n += c;
    return n;
  }
  std::string text() const {
    std::string s;
    for (const auto& [st, c] : counts) s += " " + std::to_string(st) + "x" + std::to_string(c);
    return s;
  }
};

void require_service_unavailable(const http_result& r) {
  INFO("status " << r.status << ", body: " << r.body);
  REQUIRE(r.status == 503);
  auto j = r.json();
  CHECK(j.at("code") == "SERVICE_UNAVAILABLE");
  REQUIRE(j.contains("message"));
  CHECK(j.at("message").is_string());
}

// Polls `request` every 200 ms until `done(result)` or `cap` passes; requests that get no answer
// (timeout, connection error) count in `no_answer`. Returns the last answer that satisfied `done`.
std::optional<http_result> poll(const std::function<http_result()>& request,
                                const std::function<bool(const http_result&)>& done,
                                std::chrono::seconds cap, status_log& log,
                                int* no_answer = nullptr) {
  const auto deadline = std::chrono::steady_clock::now() + cap;
  for (;;) {
    try {
      auto r = request();
      log.add(r);
      if (done(r)) return r;
    } catch (const std::exception& e) {
      if (no_answer) ++*no_answer;
      UNSCOPED_INFO("no answer: " << e.what());
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

// The commands that take the database down and bring it back (scripts/test.sh sets them);
// nullopt when they are not set, and the test is skipped.
struct outage_commands {
  std::string stop, start;
};
std::optional<outage_commands> outage_from_env() {
  const char* stop = std::getenv("SHOP_TEST_DB_STOP");
  const char* start = std::getenv("SHOP_TEST_DB_START");
  if (!stop || !*stop || !start || !*start) {
    WARN("SHOP_TEST_DB_STOP / SHOP_TEST_DB_START not set: database outage test skipped");
    return std::nullopt;
  }
  return outage_commands{stop, start};
}

}  // namespace

TEST_CASE("Database outage: 503 while the database is down, recovery when it is back",
          "[e2e][outage]") {
  const auto outage = outage_from_env();
  if (!outage) return;
  shop::test::reset_database();
  server_process server{SHOP_SERVER_BIN};
  server.start();
  const auto port = server.port();
  const auto admin = server_process::admin_headers();

  json body = {{"name", "Outage"},
               {"description", "d"},
               {"category", "test"},
               {"price", 500},
               {"available", true},
               {"options", json::array({{{"name", "o"}, {"additionalPrice", 0}, {"stock", 5}}})}};
  auto created = http_call(port, "POST", "/admin/products", body.dump(), admin);
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto pid = created.json().at("productId").get<std::int64_t>();
  const auto oid = created.json().at("options").at(0).at("optionId").get<std::int64_t>();
  const std::string stock_path = "/admin/product-options/" + std::to_string(oid) + "/stock";
  auto restock = [&] {
    return http_call(port, "POST", stock_path, R"({"delta": 1})", admin, k_request_timeout);
  };
  auto first = restock();
  REQUIRE(first.status == 200);
  std::int64_t expected_stock = 6;  // 5 + 1
  REQUIRE(shop::test::query_int("SELECT stock FROM product_options WHERE id = " +
                                std::to_string(oid)) == expected_stock);

  status_log log;
  int in_doubt = 0;  // restocks without an answer: may be applied once the database is back

  // --- the database goes away ---
  database_guard guard{outage->start};
  guard.stopped = true;
  REQUIRE(std::system(outage->stop.c_str()) == 0);

  auto ready_down =
      poll([&] { return http_call(port, "GET", "/health/ready", "", {}, k_request_timeout); },
           [](const http_result& r) { return r.status == 503; }, std::chrono::seconds(15), log);
  INFO("statuses so far:" << log.text());
  REQUIRE(ready_down.has_value());

  auto refused = poll(
      restock,
      [&](const http_result& r) {
        if (r.status == 200) ++expected_stock;  // cannot really happen with the database down
        return r.status == 503;
      },
      std::chrono::seconds(15), log, &in_doubt);
  INFO("statuses so far:" << log.text() << "; restocks without answer: " << in_doubt);
  REQUIRE(refused.has_value());
  require_service_unavailable(*refused);

  // A few more writes while down: all refused up front (these must never reach the database).
  for (int i = 0; i < 3; ++i) {
    auto r = restock();
    log.add(r);
    require_service_unavailable(r);
  }

  auto list = http_call(port, "GET", "/api/products", "", {}, k_request_timeout);
  log.add(list);
  require_service_unavailable(list);

  // A product that is not in memory must be loaded: the answer is 503, not 404 and not 500.
  auto unknown = http_call(port, "GET", "/api/products/" + std::to_string(pid + 1000), "", {},
                           k_request_timeout);
  log.add(unknown);
  require_service_unavailable(unknown);

  CHECK(server.running());
  auto live = http_call(port, "GET", "/health/live", "", {}, k_request_timeout);
  CHECK(live.status == 200);

  // --- the database comes back ---
  REQUIRE(std::system(outage->start.c_str()) == 0);
  guard.stopped = false;

  auto ready_up =
      poll([&] { return http_call(port, "GET", "/health/ready", "", {}, k_request_timeout); },
           [](const http_result& r) { return r.status == 200; }, std::chrono::seconds(15), log);
  INFO("statuses so far:" << log.text());
  REQUIRE(ready_up.has_value());

  auto accepted = poll(
      restock, [](const http_result& r) { return r.status == 200; }, std::chrono::seconds(15), log,
      &in_doubt);
  INFO("statuses so far:" << log.text() << "; restocks without answer: " << in_doubt);
  REQUIRE(accepted.has_value());
  ++expected_stock;

  const auto db_stock =
      shop::test::query_int("SELECT stock FROM product_options WHERE id = " + std::to_string(oid));
  CHECK(db_stock >= expected_stock);
  CHECK(db_stock <= expected_stock + in_doubt);
  CHECK(accepted->json().at("stock") == db_stock);

  // Reads work again too, including loading a product that failed to load during the outage.
  auto list_after =
      poll([&] { return http_call(port, "GET", "/api/products", "", {}, k_request_timeout); },
           [](const http_result& r) { return r.status == 200; }, std::chrono::seconds(15), log);
  REQUIRE(list_after.has_value());
  CHECK(list_after->json().at("totalItems") == 1);
  auto unknown_after = poll(
      [&] {
        return http_call(port, "GET", "/api/products/" + std::to_string(pid + 1000), "", {},
                         k_request_timeout);
      },
      [](const http_result& r) { return r.status == 404; }, std::chrono::seconds(15), log);
  CHECK(unknown_after.has_value());
  auto detail = http_call(port, "GET", "/api/products/" + std::to_string(pid));
  REQUIRE(detail.status == 200);
  CHECK(detail.json().at("stock") == db_stock);

  CHECK(server.running());
  INFO("all statuses:" << log.text());
  CHECK(log.server_errors_other_than_503() == 0);
}

TEST_CASE(
    "Database outage: a keyed order refused while its record cannot be written is 503 and acts "
    "anew later",
    "[e2e][outage][idempotency]") {
  const auto outage = outage_from_env();
  if (!outage) return;
  shop::test::reset_database();
  server_process server{SHOP_SERVER_BIN};
  server.start();
  const auto port = server.port();
  const auto admin = server_process::admin_headers();
  shop::test::shop_ledger ledger;
  const auto scarce = shop::test::create_option(port, ledger, "Scarce", 500, 2);
  const auto other = shop::test::create_option(port, ledger, "Other", 500, 0);
  auto restock = [&](std::int64_t option, int delta) {
    return http_call(port, "POST", "/admin/product-options/" + std::to_string(option) + "/stock",
                     json{{"delta", delta}}.dump(), admin, k_request_timeout);
  };
  const auto user = shop::test::create_user(port, "keyed", 0);
  // Three units of an option that has two: the shop's rules refuse it.
  const auto order_body =
      json{{"userId", user.id},
           {"items", json::array({{{"productOptionId", scarce}, {"quantity", 3}}})}}
          .dump();
  auto order = [&](const std::string& key) {
    return http_call(port, "POST", "/api/orders", order_body,
                     shop::test::with_key(shop::test::bearer(user), key), k_request_timeout);
  };
  // With the database up the refusal is the key's answer for good (and the actors are live).
  auto up = order("up-1");
  INFO(up.body);
  REQUIRE(up.status == 400);
  CHECK(up.json().at("code") == "INSUFFICIENT_STOCK");

  status_log log;
  database_guard guard{outage->start};
  guard.stopped = true;
  REQUIRE(std::system(outage->stop.c_str()) == 0);
  // Writes to another option are refused: the journal knows the database is down. (The scarce
  // option is left alone: a failed write of its own would make it reload, and answer 503 itself.)
  REQUIRE(poll([&] { return restock(other, 1); },
               [](const http_result& r) { return r.status == 503; }, std::chrono::seconds(15),
               log));
  // The rules still say no, but the refusal cannot be stored under the key. Told 400, the
  // client would take it as the key's answer, yet a repeat after the outage would act anew.
  auto down = order("down-1");
  INFO(down.body);
  require_service_unavailable(down);

  REQUIRE(std::system(outage->start.c_str()) == 0);
  guard.stopped = false;
  REQUIRE(poll([&] { return restock(other, 1); },
               [](const http_result& r) { return r.status == 200; }, std::chrono::seconds(15),
               log));
  REQUIRE(restock(scarce, 5).status == 200);  // 7 units: the order fits now

  auto up_again = order("up-1");
  INFO(up_again.body);
  CHECK(up_again.status == 400);  // the stored refusal
  auto down_again = order("down-1");
  INFO(down_again.body);
  CHECK(down_again.status == 201);  // nothing was stored under the key: it acts now
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM orders") == 1);
  CHECK(server.running());
  INFO("all statuses:" << log.text());
  CHECK(log.server_errors_other_than_503() == 0);
}

// While the database is healthy, writes are never refused as if it were down, also right after the
// server sat idle (when its periodic database health check runs).
TEST_CASE("A healthy database is never reported down: writes after idle periods are accepted",
          "[e2e][outage]") {
  shop::test::reset_database();
  server_process server{SHOP_SERVER_BIN};
  server.start();
  const auto port = server.port();
  json body = {{"name", "Idle"},
               {"description", "d"},
               {"category", "test"},
               {"price", 500},
               {"available", true},
               {"options", json::array({{{"name", "o"}, {"additionalPrice", 0}, {"stock", 0}}})}};
  auto created =
      http_call(port, "POST", "/admin/products", body.dump(), server_process::admin_headers());
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto oid = created.json().at("options").at(0).at("optionId").get<std::int64_t>();
  const std::string stock_path = "/admin/product-options/" + std::to_string(oid) + "/stock";

  constexpr int rounds = 3;
  constexpr int burst = 8;
  status_log log;
  int acked = 0;
  for (int round = 0; round < rounds; ++round) {
    // Connections made beforehand, so the burst is only the writes.
    std::vector<std::unique_ptr<shop::test::http_connection>> conns;
    for (int i = 0; i < burst; ++i)
      conns.push_back(std::make_unique<shop::test::http_connection>(port));
    // Idle: more than the server's health-check period (one second) passes without any request.
    std::this_thread::sleep_for(std::chrono::milliseconds(2300));
    // A staggered burst of writes: one every 10 ms.
    std::vector<int> statuses(burst, 0);
    std::vector<std::thread> ts;
    for (int i = 0; i < burst; ++i)
      ts.emplace_back([&, i] {
        std::this_thread::sleep_for(std::chrono::milliseconds(10 * i));
        try {
          statuses[i] =
              conns[i]
                  ->call("POST", stock_path, R"({"delta": 1})", server_process::admin_headers())
                  .status;
        } catch (const std::exception&) {
          statuses[i] = -1;
        }
      });
    for (auto& t : ts) t.join();
    for (int st : statuses) {
      ++log.counts[st];
      if (st == 200) ++acked;
    }
  }
  INFO("statuses:" << log.text() << "; server log " << server.log_path() << "\n"
                   << server.log_tail(10));
  CHECK(log.counts[200] == rounds * burst);
  CHECK(shop::test::query_int("SELECT stock FROM product_options WHERE id = " +
                              std::to_string(oid)) == acked);
}
