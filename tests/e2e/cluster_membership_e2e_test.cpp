// Membership of a 3-node cluster as operators and clients see it (API.md "Cluster",
// docs/operations.md "Running several nodes"): GET /admin/cluster and the cluster metrics on a
// live run, SIGTERM of one node under load through all three, and a node restarted under its name.
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/cluster_fixture.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/shop_orders.hpp"
#include "tests/support/shop_users.hpp"
#include "tests/support/wait_until.hpp"

namespace {

using namespace shop::test;
using std::chrono::milliseconds;

std::string scrape(unsigned short port) {
  auto r = http_call(port, "GET", "/metrics");
  INFO("GET /metrics -> " << r.status);
  REQUIRE(r.status == 200);
  return r.body;
}

const std::string forwards_sent = R"(shop_cluster_forwards_total{outcome="sent"})";
const std::string forward_count = "shop_cluster_forward_duration_seconds_count";
const std::string handoffs = R"(shop_cluster_shard_moves_total{kind="handoff"})";
const std::string takeovers = R"(shop_cluster_shard_moves_total{kind="takeover"})";

// The view node `i` has; requires an answer.
cluster_view view_of(cluster_fixture& c, std::size_t i) {
  auto v = read_cluster(c.port(i));
  INFO("GET /admin/cluster on " << c.fleet.name(i));
  REQUIRE(v);
  return *v;
}

// A new customer (created through `via`) whose wallet node `owner` owns.
shop_user user_owned_by(cluster_fixture& c, std::size_t via, const std::string& owner) {
  for (int i = 0; i < 60; ++i) {
    auto u = create_funded_user(c.port(via), c.ledger, owner + "-customer-" + std::to_string(i), 0);
    if (c.owner("user", u.id) == owner) return u;
  }
  FAIL("no customer of 60 is owned by " << owner);
  return {};
}

// What the clients of one user saw during the SIGTERM load.
struct charge_tally {
  std::int64_t acked = 0;    // sum of the amounts answered 200
  std::int64_t unknown = 0;  // sent, no answer: may or may not have been applied
  int answered_after_exit = 0;
};

}  // namespace

TEST_CASE_METHOD(cluster_fixture,
                 "cluster: /admin/cluster shows three UP nodes sharing 256 shards, and the cluster "
                 "metrics move with forwarded requests",
                 "[e2e][cluster][metrics]") {
  const auto asked_at = now_ms();
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    const auto v = view_of(*this, i);
    INFO(fleet.name(i) << " sees " << v.body);
    CHECK(v.node_id == fleet.name(i));
    CHECK(v.shards == 256);
    REQUIRE(v.nodes.size() == 3);
    int sum = 0;
    for (std::size_t n = 0; n < fleet.size(); ++n) {
      const auto* m = v.member(fleet.name(n));
      REQUIRE(m != nullptr);
      CHECK(m->status == "UP");
      CHECK(m->http_address == "127.0.0.1:" + std::to_string(port(n)));
      CHECK_FALSE(m->cluster_address.empty());
      CHECK(m->lease_expires_ms > asked_at);
      CHECK((m->shards == 85 || m->shards == 86));  // placement: floor(256 / 3) or one more
      sum += m->shards;
    }
    CHECK(sum == 256);
  }

  // Each node's gauges agree with its view; a calm cluster fences nothing.
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    const auto text = scrape(port(i));
    INFO(fleet.name(i));
    CHECK(value_of(text, R"(shop_cluster_nodes{status="UP"})") == 3.0);
    CHECK(value_of(text, R"(shop_cluster_nodes{status="LEAVING"})") == 0.0);
    CHECK(value_of(text, R"(shop_cluster_nodes{status="DEAD"})") == 0.0);
    CHECK(value_of(text, "shop_cluster_shards_owned") ==
          double(view_of(*this, i).member(fleet.name(i))->shards));
    CHECK(value_of(text, "shop_journal_fenced_units_total") == 0.0);
    CHECK(value_of(text, R"(shop_cluster_forwards_total{outcome="failed"})") == 0.0);
  }
  // Every shard was taken once when placed, and once more after each handoff.
  const auto moves_add_up = [&] {
    double taken = 0, given = 0;
    for (std::size_t i = 0; i < fleet.size(); ++i) {
      const auto text = scrape(port(i));
      taken += value_or_zero(text, takeovers);
      given += value_or_zero(text, handoffs);
    }
    return taken == 256 + given;
  };
  CHECK(wait_until(moves_add_up, milliseconds(5000), milliseconds(100)));

  // Reads through node 0 of wallets the other two own are forwarded, and counted.
  const auto b = user_owned_by(*this, 0, fleet.name(1));
  const auto c = user_owned_by(*this, 0, fleet.name(2));
  const auto before = scrape(port(0));
  for (int round = 0; round < 3; ++round)
    for (const auto& u : {b, c}) CHECK(http_balance(port(0), u) == 0);
  const auto after = scrape(port(0));
  INFO("before:\n" << before << "\nafter:\n" << after);
  CHECK(value_or_zero(after, forwards_sent) >= value_or_zero(before, forwards_sent) + 6);
  CHECK(value_or_zero(after, forward_count) >= value_or_zero(before, forward_count) + 6);
  CHECK(value_or_zero(after, "shop_cluster_forward_duration_seconds_sum") >
        value_or_zero(before, "shop_cluster_forward_duration_seconds_sum"));
}

TEST_CASE_METHOD(cluster_fixture,
                 "cluster: SIGTERM of one node under load through all three: it exits 0, no "
                 "acknowledged charge is lost, only 503s with Retry-After, its shards go to the "
                 "others",
                 "[e2e][cluster][sigterm]") {
  constexpr std::size_t leaver = 2;
  constexpr int workers = 6;
  constexpr int users_per_worker = 2;
  std::vector<shop_user> users;
  for (int i = 0; i < workers * users_per_worker; ++i)
    users.push_back(create_funded_user(port(static_cast<std::size_t>(i) % fleet.size()), ledger,
                                       "steady" + std::to_string(i), 0));
  const auto leaver_shards = view_of(*this, 0).member(fleet.name(leaver))->shards;
  double taken_before = 0;
  for (std::size_t i = 0; i < fleet.size(); ++i)
    if (i != leaver) taken_before += value_or_zero(scrape(port(i)), takeovers);

  // Each worker charges its own users through the nodes in turn, until told to stop.
  std::vector<charge_tally> tallies(users.size());
  std::atomic<bool> stop{false}, exited{false};
  std::mutex mu;
  std::map<std::string, int> answers;  // status (+ " no Retry-After") -> count
  std::vector<std::string> bad;        // answers no client may get, with their node
  std::vector<std::thread> load;
  for (int w = 0; w < workers; ++w)
    load.emplace_back([&, w] {
      for (int n = 0; !stop; ++n) {
        const auto ui = static_cast<std::size_t>(w * users_per_worker + n % users_per_worker);
        const auto node = static_cast<std::size_t>(w + n) % fleet.size();
        const std::int64_t amount = 1 + n % 7;
        http_result r;
        try {
          r = http_call(port(node), "POST", user_path(users[ui].id, "/balance/charge"),
                        json{{"amount", amount}}.dump(), bearer(users[ui]));
        } catch (const http_connect_error&) {
          continue;  // the node is gone: nothing was sent
        } catch (const std::exception&) {
          tallies[ui].unknown += amount;
          continue;
        }
        if (r.status == 200) {
          tallies[ui].acked += amount;
          if (exited) ++tallies[ui].answered_after_exit;
        }
        const bool retry_after = r.headers.count("retry-after") > 0;
        std::lock_guard<std::mutex> lk(mu);
        ++answers[std::to_string(r.status) +
                  (r.status == 503 && !retry_after ? " no Retry-After" : "")];
        if ((r.status >= 500 && r.status != 503) || (r.status == 503 && !retry_after) ||
            (r.status != 200 && r.status != 503))
          bad.push_back(fleet.name(node) + ": " + std::to_string(r.status) + " " + r.body);
      }
    });

  std::this_thread::sleep_for(milliseconds(1000));
  REQUIRE(fleet.process(leaver).send_signal(SIGTERM));
  const int code = fleet.process(leaver).wait_exit(std::chrono::seconds(60));
  exited = true;
  // The survivors take the leaver's shards while the load goes on.
  const bool spread = fleet.wait_spread(cluster_settle_cap);
  std::this_thread::sleep_for(milliseconds(500));
  stop = true;
  for (auto& t : load) t.join();

  INFO("answers: " << [&] {
    std::string s;
    for (const auto& [k, n] : answers) s += "[" + k + "] x" + std::to_string(n) + " ";
    return s;
  }());
  INFO("leaver log " << fleet.log_path(leaver));
  CHECK(code == 0);
  CHECK(spread);
  std::string first_bad = bad.empty() ? "" : bad.front();
  INFO("first refused answer: " << first_bad);
  CHECK(bad.empty());
  CHECK(answers["200"] > 0);

  // Every acknowledged charge is in the balance; a charge left without an answer may be too.
  int answered_after_exit = 0;
  for (std::size_t i = 0; i < users.size(); ++i) {
    const auto& t = tallies[i];
    answered_after_exit += t.answered_after_exit;
    const auto balance = http_balance(port(0), users[i]);
    INFO("user " << users[i].id << ": acknowledged " << t.acked << ", unanswered " << t.unknown
                 << ", balance " << balance);
    CHECK(balance >= t.acked);
    CHECK(balance <= t.acked + t.unknown);
    CHECK(sql_balance(users[i].id) == balance);
  }
  CHECK(answered_after_exit > 0);  // the survivors served the load without the leaver

  // The leaver is not UP on either survivor, which own every shard between them and took its
  // share.
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    if (i == leaver) continue;
    const auto v = view_of(*this, i);
    INFO(fleet.name(i) << " sees " << v.body);
    const auto* gone = v.member(fleet.name(leaver));
    REQUIRE(gone != nullptr);
    CHECK(gone->status != "UP");
    CHECK(gone->shards == 0);
    CHECK(v.member(fleet.name(0))->shards + v.member(fleet.name(1))->shards == 256);
  }
  double taken_after = 0;
  for (std::size_t i = 0; i < fleet.size(); ++i)
    if (i != leaver) taken_after += value_or_zero(scrape(port(i)), takeovers);
  CHECK(taken_after >= taken_before + leaver_shards);
}

TEST_CASE_METHOD(cluster_fixture,
                 "cluster: a node killed and started again under its name rejoins, owns its share "
                 "and serves requests",
                 "[e2e][cluster][restart]") {
  constexpr std::size_t again = 1;
  const auto name = fleet.name(again);
  // Acknowledged before the crash, through another node.
  const auto kim = user_owned_by(*this, 0, name);
  charge(port(0), ledger, kim, 700);

  // Every node sees it UP with its share, and every node serves kim. The others connect to a new
  // incarnation at their next membership tick (a third of the lease); until then they answer
  // 503 for its entities.
  const auto require_rejoined = [&] {
    require_spread();
    for (std::size_t i = 0; i < fleet.size(); ++i) {
      const auto v = view_of(*this, i);
      INFO(fleet.name(i) << " sees " << v.body);
      const auto* m = v.member(name);
      REQUIRE(m != nullptr);
      CHECK(m->status == "UP");
      CHECK(m->shards >= 256 / 3);
      CHECK(v.shards_up() == 256);
    }
    const auto served_everywhere = [&] {
      for (std::size_t i = 0; i < fleet.size(); ++i)
        if (http_call(port(i), "GET", user_path(kim.id, "/balance"), "", bearer(kim)).status != 200)
          return false;
      return true;
    };
    REQUIRE(wait_until(served_everywhere, milliseconds(10 * cluster_lease_ms), milliseconds(100)));
  };

  // Started again at once: it takes its place back from its previous incarnation.
  fleet.process(again).kill9();
  REQUIRE_FALSE(fleet.running(again));
  fleet.start(again);
  require_rejoined();
  for (std::size_t i = 0; i < fleet.size(); ++i) CHECK(http_balance(port(i), kim) == 700);

  // Down past its lease: the other two take its shards and serve kim, then it comes back and
  // gets its share handed back.
  fleet.process(again).kill9();
  require_spread();
  CHECK(owner("user", kim.id, 0) != name);
  charge(port(2), ledger, kim, 300);
  fleet.start(again);
  require_rejoined();

  // It serves what was acknowledged before, and new work for entities it owns and others own.
  CHECK(http_balance(port(again), kim) == 1000);
  charge(port(again), ledger, kim, 50);
  const auto lee = user_owned_by(*this, again, name);
  CHECK(owner("user", lee.id, 0) == name);
  charge(port(again), ledger, lee, 500);
  charge(port(2), ledger, lee, 1000);
  const auto p = create_product(port(again), ledger, "After the restart", 1200, {{"only", 0, 5}});
  const auto order = create_order_ok(port(again), lee, lines({{p.options[0], 1}}));
  pay_ok(port(0), lee, id_of(order));
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    INFO("through " << fleet.name(i));
    CHECK(http_balance(port(i), kim) == 1050);
    CHECK(http_balance(port(i), lee) == 300);
    CHECK(get_order(port(i), lee, id_of(order)).at("status") == "PAID");
  }
  check_invariants(port(again), ledger);
}
