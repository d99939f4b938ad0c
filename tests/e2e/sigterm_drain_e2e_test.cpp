// A graceful stop never acts on a request and then leaves it unanswered (API.md: "SIGTERM: stop
// accepting, finish in-flight requests, flush every pending write, exit 0").
//
// Users charge their wallets back to back on keep-alive connections, each with its own
// Idempotency-Key, while SIGTERM arrives at a random moment; after a restart each user's balance
// must equal the sum of the charges that were answered 200. A charge that got no answer, or a 503,
// must not have been applied.
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/shop_users.hpp"
#include "tests/support/test_database.hpp"
#include "tests/support/wait_until.hpp"

namespace {

using shop::test::http_connection;
using shop::test::server_process;
using shop::test::shop_user;

constexpr int k_users = 16;
constexpr int k_rounds = 12;

// What one user's client saw in one round.
struct user_tally {
  std::int64_t acked = 0;    // sum of the amounts answered 200
  int answered = 0;          // 200s
  int refused = 0;           // 503 with Retry-After
  int unanswered = 0;        // the connection ended without an answer
  int other = 0;             // any other status (a defect)
  std::string other_sample;  // the first of them
};

// Charges 1 at a time, with a short random pause so that the server is often between requests
// (the moment the old shutdown mistook for "drained"). Ends at the first request without a 200,
// or when the answer says Connection: close.
void charge_until_stopped(unsigned short port, const shop_user& u, int round, unsigned seed,
                          user_tally& t) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pause_us(0, 1500);
  try {
    http_connection c(port, std::chrono::seconds(10));
    for (int n = 0;; ++n) {
      const auto key =
          "drain-" + std::to_string(round) + "-" + std::to_string(u.id) + "-" + std::to_string(n);
      shop::test::http_result r;
      try {
        r = c.call("POST", shop::test::user_path(u.id, "/balance/charge"), R"({"amount": 1})",
                   shop::test::with_key(shop::test::bearer(u), key));
      } catch (const std::exception&) {
        ++t.unanswered;
        return;
      }
      if (r.status == 200) {
        ++t.answered;
        t.acked += 1;
      } else if (r.status == 503 && r.headers.count("retry-after")) {
        ++t.refused;
        return;
      } else {
        if (t.other++ == 0) t.other_sample = std::to_string(r.status) + " " + r.body;
        return;
      }
      const auto conn = r.headers.find("connection");
      if (conn != r.headers.end() && conn->second == "close") return;
      std::this_thread::sleep_for(std::chrono::microseconds(pause_us(rng)));
    }
  } catch (const std::exception&) {
    ++t.unanswered;  // could not connect: the server was already gone; nothing was sent
  }
}

}  // namespace

TEST_CASE("SIGTERM answers or refuses every request it read, and none is applied unanswered",
          "[e2e][sigterm][drain]") {
  shop::test::reset_database();
  server_process server{SHOP_SERVER_BIN};
  server.start();
  std::vector<shop_user> users;
  for (int i = 0; i < k_users; ++i)
    users.push_back(shop::test::create_user(server.port(), "drain" + std::to_string(i), 0));

  std::vector<std::int64_t> expected(k_users, 0);  // sum of acknowledged charges per user
  std::mt19937 rng(20261206);
  std::uniform_int_distribution<int> signal_after_ms(200, 800);
  int total_unanswered = 0, total_refused = 0, total_answered = 0, applied_unanswered = 0, lost = 0;

  for (int round = 0; round < k_rounds; ++round) {
    if (round > 0) server.start();
    std::vector<user_tally> tally(k_users);
    std::vector<std::thread> clients;
    for (int i = 0; i < k_users; ++i)
      clients.emplace_back(charge_until_stopped, server.port(), std::cref(users[i]), round,
                           static_cast<unsigned>(rng()), std::ref(tally[i]));
    std::this_thread::sleep_for(std::chrono::milliseconds(signal_after_ms(rng)));
    const int rc = server.terminate(std::chrono::seconds(90));
    for (auto& c : clients) c.join();
    INFO("round " << round << "; server log: " << server.log_path() << "\n" << server.log_tail(20));
    REQUIRE(rc == 0);

    for (int i = 0; i < k_users; ++i) {
      const auto& t = tally[i];
      INFO("user " << users[i].id << ": other answer " << t.other_sample);
      CHECK(t.other == 0);
      expected[i] += t.acked;
      total_answered += t.answered;
      total_refused += t.refused;
      total_unanswered += t.unanswered;
      // Committed state, read straight from MariaDB: the server is down.
      const auto balance = shop::test::sql_balance(users[i].id);
      if (balance < expected[i]) ++lost;
      if (balance > expected[i]) applied_unanswered += static_cast<int>(balance - expected[i]);
      expected[i] = balance;  // count each difference once
    }
  }
  INFO("answered " << total_answered << ", refused (503) " << total_refused << ", unanswered "
                   << total_unanswered << " over " << k_rounds << " SIGTERMs");
  CHECK(total_answered > 0);
  CHECK(applied_unanswered == 0);
  CHECK(lost == 0);
}
