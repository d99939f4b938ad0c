// The first-come races of a lone node, spread over a 3-node cluster: the contenders send through
// all three nodes at once, and the counts stay exact (one owner per campaign and per option, the
// others forward to it).
#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/cluster_fixture.hpp"
#include "tests/support/races.hpp"
#include "tests/support/shop_orders.hpp"
#include "tests/support/shop_users.hpp"

namespace {

using namespace shop::test;

// n users, created through the nodes in turn.
std::vector<shop_user> make_users(cluster_fixture& c, int n, const std::string& prefix) {
  std::vector<shop_user> users;
  for (int i = 0; i < n; ++i)
    users.push_back(create_funded_user(c.port(static_cast<std::size_t>(i) % c.fleet.size()),
                                       c.ledger, prefix + std::to_string(i), 0));
  return users;
}

}  // namespace

TEST_CASE_METHOD(cluster_fixture,
                 "cluster: 300 users racing through 3 nodes for 100 coupons get exactly 100",
                 "[e2e][cluster][coupons][race]") {
  const auto users = make_users(*this, 300, "racer");
  const json body = {{"name", "First 100"},
                     {"discountType", "RATE"},
                     {"discountValue", 10},
                     {"totalQuantity", 100},
                     {"expiresAt", rfc3339(now_ms() + 86400000)}};
  auto created =
      http_call(port(1), "POST", "/admin/coupons", body.dump(), server_process::admin_headers());
  INFO("POST /admin/coupons -> " << created.status << " " << created.body);
  REQUIRE(created.status == 201);
  const auto coupon = created.json().at("couponId").get<std::int64_t>();
  const auto target = "/api/coupons/" + std::to_string(coupon) + "/issue";

  // 15 workers, five per node, each on its own keep-alive connection, take the users in turn.
  std::vector<outcome> out(users.size());
  std::atomic<std::size_t> next{0};
  run_threads(15, [&](int w) {
    try {
      http_connection conn(port(static_cast<std::size_t>(w) % fleet.size()));
      for (std::size_t i; (i = next++) < users.size();) {
        out[i].tried = true;
        out[i] = outcome_of(
            conn.call("POST", target, json{{"userId", users[i].id}}.dump(), bearer(users[i])));
      }
    } catch (const std::exception&) {
    }
  });
  auto t = tally(out);
  INFO(describe(t));
  CHECK(t.size() == 2);  // no other answer
  CHECK(t["201"] == 100);
  CHECK(t["400 COUPON_SOLD_OUT"] == 200);

  std::set<std::int64_t> winners, user_coupon_ids;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].status != 201) continue;
    winners.insert(users[i].id);
    CHECK(out[i].body.value("userId", json()) == users[i].id);
    CHECK(out[i].body.value("couponId", json()) == coupon);
    user_coupon_ids.insert(out[i].body.value("userCouponId", std::int64_t{0}));
  }
  CHECK(user_coupon_ids.size() == 100);
  const auto of_coupon = " FROM user_coupons WHERE coupon_id = " + std::to_string(coupon);
  CHECK(query_int("SELECT COUNT(*)" + of_coupon) == 100);
  CHECK(query_int("SELECT COUNT(DISTINCT user_id)" + of_coupon) == 100);
  CHECK(query_int("SELECT issued_quantity FROM coupons WHERE id = " + std::to_string(coupon)) ==
        100);
  std::string winner_ids;
  for (auto id : winners) winner_ids += (winner_ids.empty() ? "" : ",") + std::to_string(id);
  CHECK(query_int("SELECT COUNT(*)" + of_coupon + " AND user_id NOT IN (" + winner_ids + ")") == 0);
  for (std::size_t n = 0; n < fleet.size(); ++n) {
    auto r = http_call(port(n), "GET", "/api/coupons/" + std::to_string(coupon));
    REQUIRE(r.status == 200);
    CHECK(r.json().at("issuedQuantity") == 100);
  }
}

TEST_CASE_METHOD(cluster_fixture,
                 "cluster: 60 buyers racing through 3 nodes for 10 units: 10 orders, 50 refused",
                 "[e2e][cluster][orders][race]") {
  auto& l = ledger;
  const auto users = make_users(*this, 60, "buyer");
  const auto opt = create_option(port(2), l, "Limited", 1000, 10);
  std::vector<outcome> out(users.size());
  std::atomic<int> ready{0};
  run_threads(60, [&](int i) {
    const auto& u = users[static_cast<std::size_t>(i)];
    try {
      http_connection conn(port(static_cast<std::size_t>(i) % fleet.size()));
      ++ready;
      while (ready < 60) std::this_thread::yield();  // all connected: fire together
      out[static_cast<std::size_t>(i)] = outcome_of(
          conn.call("POST", "/api/orders",
                    json{{"userId", u.id}, {"items", lines({{opt, 1}})}}.dump(), bearer(u)));
    } catch (const std::exception&) {
      ready += 60;
    }
  });
  auto t = tally(out);
  INFO(describe(t));
  CHECK(t.size() == 2);
  CHECK(t["201"] == 10);
  CHECK(t["400 INSUFFICIENT_STOCK"] == 50);
  std::set<std::int64_t> ids;
  for (const auto& o : out)
    if (o.status == 201) ids.insert(o.body.value("orderId", std::int64_t{0}));
  CHECK(ids.size() == 10);
  CHECK(sql_orders() == 10);
  CHECK(sql_orders("status = 'PENDING'") == 10);
  CHECK(sql_units(opt, "PENDING") == 10);
  for (std::size_t n = 0; n < fleet.size(); ++n) check_levels(port(n), l, opt, 0, 10);
  check_invariants(port(0), l);
}
