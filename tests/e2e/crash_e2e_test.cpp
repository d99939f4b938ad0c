// Durability: every acknowledged (2xx) write survives kill -9 and SIGTERM; nothing a client was
// told failed is there after a restart.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"
#include "tests/support/wait_until.hpp"

namespace {

using nlohmann::json;
using shop::test::http_call;
using shop::test::http_connection;
using shop::test::server_process;
using shop::test::wait_until;

constexpr int k_threads = 8;

struct created_product {
  std::int64_t product_id;
  std::int64_t option_id;
};

created_product create_product(unsigned short port, std::int64_t stock) {
  json body = {
      {"name", "Durable"},
      {"description", "survives crashes"},
      {"category", "test"},
      {"price", 1000},
      {"available", true},
      {"options", json::array({{{"name", "only"}, {"additionalPrice", 0}, {"stock", stock}}})}};
  auto r = http_call(port, "POST", "/admin/products", body.dump(), server_process::admin_headers());
  INFO(r.body);
  REQUIRE(r.status == 201);
  auto j = r.json();
  return {j.at("productId").get<std::int64_t>(),
          j.at("options").at(0).at("optionId").get<std::int64_t>()};
}

// Concurrent restocks (delta 1) from k_threads keep-alive connections, `tickets` in all. A worker
// stops at its first request without an answer (the server is gone).
struct restock_load {
  std::atomic<int> tickets_left;
  std::atomic<int> attempted{0};  // requests started (sent or not)
  std::atomic<int> acked{0};      // 2xx answers
  std::atomic<int> refused{0};    // non-2xx answers: must not be applied
  std::atomic<int> server_errors{0};  // 5xx other than a 503 with Retry-After
  std::atomic<int> no_answer{0};  // connection failed or closed before an answer: in doubt
  std::mutex mu;
  std::map<int, int> statuses;
  std::vector<std::string> errors;

  explicit restock_load(int tickets) : tickets_left(tickets) {}

  void run_worker(unsigned short port, std::int64_t option_id) {
    const std::string path = "/admin/product-options/" + std::to_string(option_id) + "/stock";
    std::unique_ptr<http_connection> c;
    try {
      c = std::make_unique<http_connection>(port);
    } catch (const std::exception& e) {
      note_error(e.what());
      return;
    }
    while (tickets_left.fetch_sub(1) > 0) {
      ++attempted;
      try {
        auto r = c->call("POST", path, R"({"delta": 1})", server_process::admin_headers());
        {
          std::lock_guard<std::mutex> lk(mu);
          ++statuses[r.status];
        }
        if (r.status >= 200 && r.status < 300) {
          ++acked;
        } else if (r.status == 503 && r.headers.count("retry-after")) {
          ++refused;  // a graceful stop refuses what it reads after the signal, and closes
          return;
        } else {
          ++refused;
          if (r.status >= 500) ++server_errors;
        }
      } catch (const std::exception& e) {
        ++no_answer;
        note_error(e.what());
        return;
      }
    }
  }

  void note_error(const std::string& e) {
    std::lock_guard<std::mutex> lk(mu);
    if (errors.size() < 5) errors.push_back(e);
  }

  std::string summary() {
    std::lock_guard<std::mutex> lk(mu);
    std::string s = "attempted " + std::to_string(attempted) + ", acked " + std::to_string(acked) +
                    ", refused " + std::to_string(refused) + ", no answer " +
                    std::to_string(no_answer) + "; statuses:";
    for (const auto& [st, n] : statuses) s += " " + std::to_string(st) + "x" + std::to_string(n);
    for (const auto& e : errors) s += "\n  error: " + e;
    return s;
  }
};

std::vector<std::thread> start_workers(restock_load& load, unsigned short port,
                                       std::int64_t option_id) {
  std::vector<std::thread> ts;
  for (int i = 0; i < k_threads; ++i)
    ts.emplace_back([&load, port, option_id] { load.run_worker(port, option_id); });
  return ts;
}

void join_all(std::vector<std::thread>& ts) {
  for (auto& t : ts)
    if (t.joinable()) t.join();
}

json product_detail(unsigned short port, std::int64_t product_id) {
  auto r = http_call(port, "GET", "/api/products/" + std::to_string(product_id));
  INFO(r.body);
  REQUIRE(r.status == 200);
  return r.json();
}

std::int64_t sql_stock(std::int64_t option_id) {
  return shop::test::query_int("SELECT stock FROM product_options WHERE id = " +
                               std::to_string(option_id));
}

}  // namespace

TEST_CASE("Acknowledged writes survive kill -9", "[e2e][crash][durability]") {
  shop::test::reset_database();
  constexpr int n_restocks = 200;
  constexpr int n_patches = 6;

  server_process first{SHOP_SERVER_BIN};
  first.start();
  const auto p = create_product(first.port(), 0);

  restock_load load(n_restocks);
  std::string last_acked_name;
  std::int64_t last_acked_price = 1000;
  int patch_errors = 0;
  auto workers = start_workers(load, first.port(), p.option_id);
  std::thread patcher([&] {
    try {
      http_connection c(first.port());
      for (int i = 1; i <= n_patches; ++i) {
        const std::string name = "Durable v" + std::to_string(i);
        const std::int64_t price = 1000 + i;
        auto r =
            c.call("PATCH", "/admin/products/" + std::to_string(p.product_id),
                   json{{"name", name}, {"price", price}}.dump(), server_process::admin_headers());
        if (r.status == 200) {
          last_acked_name = name;
          last_acked_price = price;
        } else {
          ++patch_errors;
        }
      }
    } catch (const std::exception&) {
      ++patch_errors;
    }
  });
  join_all(workers);
  patcher.join();
  first.kill9();  // right after the last answer: nothing had time to be written "later"
  REQUIRE_FALSE(first.running());

  INFO(load.summary());
  INFO("server log: " << first.log_path());
  // With the server up all along, every request got an answer and none was a server error.
  REQUIRE(load.attempted == n_restocks);
  REQUIRE(load.no_answer == 0);
  CHECK(load.server_errors == 0);
  REQUIRE(load.acked > 0);
  CHECK(patch_errors == 0);

  server_process second{SHOP_SERVER_BIN};
  second.start();
  auto d = product_detail(second.port(), p.product_id);
  INFO(d.dump());
  CHECK(d.at("options").at(0).at("stock") == load.acked.load());
  CHECK(d.at("stock") == load.acked.load());
  CHECK(sql_stock(p.option_id) == load.acked.load());
  if (!last_acked_name.empty()) {
    CHECK(d.at("name") == last_acked_name);
    CHECK(d.at("price") == last_acked_price);
  }
}

TEST_CASE("kill -9 while restocks are in flight keeps exactly the acknowledged ones or more",
          "[e2e][crash][durability]") {
  shop::test::reset_database();
  constexpr int max_restocks = 5000;  // far more than can finish before the kill
  constexpr int kill_after = 100;

  server_process first{SHOP_SERVER_BIN};
  first.start();
  const auto p = create_product(first.port(), 0);

  restock_load load(max_restocks);
  auto workers = start_workers(load, first.port(), p.option_id);
  int acked_at_kill = 0;
  std::thread killer([&] {
    wait_until([&] { return load.acked >= kill_after || load.tickets_left <= 0; },
               std::chrono::seconds(60), std::chrono::milliseconds(2));
    acked_at_kill = load.acked;
    first.kill9();
  });
  killer.join();
  join_all(workers);
  REQUIRE_FALSE(first.running());

  INFO(load.summary());
  INFO("server log: " << first.log_path());
  REQUIRE(acked_at_kill >= kill_after);
  CHECK(load.server_errors == 0);
  if (load.no_answer == 0)
    WARN("no request was in flight at the kill (every worker was between requests)");

  server_process second{SHOP_SERVER_BIN};
  second.start();
  const auto stock =
      product_detail(second.port(), p.product_id).at("options").at(0).at("stock").get<int>();
  CHECK(sql_stock(p.option_id) == stock);
  // Every acknowledged restock survived; a request answered with an error never applied; the ones
  // in flight at the kill may or may not have.
  CHECK(stock >= load.acked.load());
  CHECK(stock <= load.attempted.load() - load.refused.load());
}

TEST_CASE("SIGTERM finishes in-flight requests, flushes every acknowledged write and exits 0",
          "[e2e][crash][durability][sigterm]") {
  shop::test::reset_database();
  constexpr int max_restocks = 100000;  // workers run until the server goes away
  constexpr int terminate_after = 100;

  server_process first{SHOP_SERVER_BIN};
  first.start();
  const auto p = create_product(first.port(), 0);

  // An idle keep-alive connection stays open through the shutdown. It keeps the server's I/O
  // threads busy, which sidesteps the bug the next test pins down (I/O threads end when every
  // connection awaits an answer at SIGTERM), so this test is about durability under load only.
  http_connection idle(first.port());
  restock_load load(max_restocks);
  auto workers = start_workers(load, first.port(), p.option_id);
  REQUIRE(wait_until([&] { return load.acked >= terminate_after; }, std::chrono::seconds(60),
                     std::chrono::milliseconds(2)));
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = first.terminate(std::chrono::seconds(90));
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  load.tickets_left = 0;  // the server is gone: stop whoever still loops
  join_all(workers);

  INFO(load.summary());
  INFO("SIGTERM to exit: " << took.count() << " ms; server log: " << first.log_path() << "\n"
                           << first.log_tail(20));
  CHECK(rc == 0);
  CHECK(load.server_errors == 0);

  server_process second{SHOP_SERVER_BIN};
  second.start();
  const auto stock =
      product_detail(second.port(), p.product_id).at("options").at(0).at("stock").get<int>();
  CHECK(sql_stock(p.option_id) == stock);
  CHECK(stock >= load.acked.load());
  CHECK(stock <= load.attempted.load() - load.refused.load());
}

// A restock whose commit is held up in the database (the test holds the row lock) is surely in
// flight when SIGTERM arrives. The server must answer it (200) once the database lets it through,
// then exit 0, and the restock must be there after a restart.
namespace {

void sigterm_with_request_in_flight(bool second_sigterm) {
  shop::test::reset_database();
  server_process server{SHOP_SERVER_BIN};
  server.start();
  const auto port = server.port();
  const auto p = create_product(port, 0);
  const std::string path = "/admin/product-options/" + std::to_string(p.option_id) + "/stock";
  {
    auto warm = http_call(port, "POST", path, R"({"delta": 1})", server_process::admin_headers());
    INFO(warm.body);
    REQUIRE(warm.status == 200);
  }

  // Hold the option's row lock: the journal's next write of that row waits in the database.
  auto lock_con = shop::test::test_connection();
  lock_con->setAutoCommit(false);
  {
    std::unique_ptr<sql::Statement> st(lock_con->createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
        "SELECT stock FROM product_options WHERE id = " + std::to_string(p.option_id) +
        " FOR UPDATE"));
    while (rs->next()) {
    }
  }
  std::optional<shop::test::http_result> answer;
  std::string client_error;
  int refused_503 = 0;
  std::thread client([&] {
    try {
      http_connection c(port, std::chrono::seconds(10));
      for (;;) {
        auto r = c.call("POST", path, R"({"delta": 1})", server_process::admin_headers());
        // A 503 here would be the journal gate's doing, not what this test is about: try again.
        if (r.status == 503 && ++refused_503 < 50) {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          continue;
        }
        answer = r;
        return;
      }
    } catch (const std::exception& e) {
      client_error = e.what();
    }
  });
  // On any exit: release the lock first (the client's request waits on it), then join the client.
  struct cleanup {
    sql::Connection& con;
    std::thread& t;
    ~cleanup() {
      try {
        con.commit();
      } catch (...) {
      }
      if (t.joinable()) t.join();
    }
  } cleanup_on_exit{*lock_con, client};

  // The request is in flight once its write waits on our lock.
  const bool blocked = wait_until(
      [&] {
        return shop::test::query_int(
                   "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                   " AND INFO LIKE '%product_options%'") > 0;
      },
      std::chrono::seconds(15), std::chrono::milliseconds(20));
  REQUIRE(blocked);

  REQUIRE(server.send_signal(SIGTERM));
  // Draining has begun once new connections are refused.
  const bool refusing = wait_until(
      [&] {
        try {
          http_connection probe(port, std::chrono::seconds(2));
          return false;
        } catch (const std::exception&) {
          return true;
        }
      },
      std::chrono::seconds(15), std::chrono::milliseconds(20));
  if (!refusing)
    FAIL("still accepting 15 s after SIGTERM; server log " << server.log_path() << ":\n"
                                                           << server.log_tail(20));
  if (second_sigterm) REQUIRE(server.send_signal(SIGTERM));  // e.g. an impatient operator
  lock_con->commit();                                        // let the write through

  client.join();
  INFO("client error: " << client_error);
  INFO("server log: " << server.log_path() << "\n" << server.log_tail(10));
  INFO("503 answers before the write was admitted: " << refused_503);
  REQUIRE(answer.has_value());
  INFO(answer->body);
  CHECK(answer->status == 200);
  CHECK(answer->json().at("stock") == 2);
  CHECK(server.wait_exit(std::chrono::seconds(90)) == 0);

  server_process second{SHOP_SERVER_BIN};
  second.start();
  CHECK(product_detail(second.port(), p.product_id).at("options").at(0).at("stock") == 2);
  CHECK(sql_stock(p.option_id) == 2);
}

}  // namespace

TEST_CASE("SIGTERM answers a request that is in flight when it arrives", "[e2e][crash][sigterm]") {
  sigterm_with_request_in_flight(false);
}

TEST_CASE("A second SIGTERM during the drain does not cut it short", "[e2e][crash][sigterm]") {
  sigterm_with_request_in_flight(true);
}
