// US-003 against shop-server as a process: the popularity snapshot ranks the products sold in
// orders PAID in the 3 days before its batch time (top 5, ties to the more recent last sale),
// GET /api/products/top serves the newest snapshot, an empty snapshot is not "no snapshot", and
// the newest survives a restart. Also the list's sort=popular (units sold in paid orders).
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/error_assertions.hpp"
#include "tests/support/shop_orders.hpp"
#include "tests/support/shop_users.hpp"

namespace {

using namespace shop::test;

constexpr std::int64_t three_days_ms = 3LL * 24 * 3600 * 1000;

json get_top(unsigned short port) {
  auto r = http_call(port, "GET", "/api/products/top");
  INFO("GET /api/products/top -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  return r.json();
}

http_result post_snapshot(unsigned short port, const std::string& body) {
  return http_call(port, "POST", "/admin/jobs/popularity-snapshot", body,
                   server_process::admin_headers());
}

json snapshot_as_of(unsigned short port, std::int64_t as_of) {
  auto r = post_snapshot(port, json{{"asOf", rfc3339(as_of)}}.dump());
  INFO("snapshot as of " << rfc3339(as_of) << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  auto j = r.json();
  CHECK(j.at("createdAt") == rfc3339(as_of));
  return j;
}

// One paid order of `qty` units of each option in `options`; returns its paidAt.
std::string buy(unsigned short port, const shop_user& u,
                std::initializer_list<std::pair<std::int64_t, std::int64_t>> l) {
  auto order = create_order_ok(port, u, lines(l));
  auto paid = pay_ok(port, u, id_of(order));
  // Distinct paidAt milliseconds, so "the more recent last sale" is always defined.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return paid.at("paidAt").get<std::string>();
}

struct expected_line {
  product_ref product;
  std::string name;
  std::int64_t sold;
  std::string last_sold_at;
};

void check_products(const json& snap, const std::vector<expected_line>& want) {
  INFO(snap.dump());
  const auto& got = snap.at("products");
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& g = got.at(i);
    const auto& w = want[i];
    CHECK(g.at("rank") == i + 1);
    CHECK(g.at("productId") == w.product.id);
    CHECK(g.at("name") == w.name);
    CHECK(g.at("price") == w.product.price);
    CHECK(g.at("category") == "orders");
    CHECK(g.at("soldQuantity") == w.sold);
    CHECK(g.at("lastSoldAt") == w.last_sold_at);
  }
}

}  // namespace

TEST_CASE("US-003: snapshots rank the top 5 sold in the 3 days before the batch time",
          "[e2e][popularity]") {
  order_server s;
  const auto port = s.port();

  // No snapshot yet; then an empty one, which is a snapshot (createdAt set).
  auto none = get_top(port);
  CHECK(none.at("createdAt").is_null());
  CHECK(none.at("products") == json::array());
  const auto t0 = now_ms();
  auto empty = snapshot_as_of(port, t0);
  CHECK(empty.at("products") == json::array());
  CHECK(get_top(port) == empty);

  auto u = create_funded_user(port, s.ledger, "buyer", 10'000'000);
  std::vector<product_ref> p;
  std::vector<std::string> names;
  for (int i = 1; i <= 7; ++i) {
    names.push_back("popular " + std::to_string(i));
    p.push_back(
        create_product(port, s.ledger, names.back(), 1000 * i, {{"a", 0, 100}, {"b", 500, 100}}));
  }

  // Fewer than five sold: only those.
  auto sold1 = buy(port, u, {{p[0].options[0], 3}, {p[1].options[0], 3}});
  auto sold1b = buy(port, u, {{p[0].options[1], 2}});  // a second option of the same product
  auto two = snapshot_as_of(port, now_ms() + 1);
  check_products(two, {{p[0], names[0], 5, sold1b}, {p[1], names[1], 3, sold1}});

  const auto mid = now_ms();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // p3 ties p2 at 3 units with a more recent sale; p4 sells 1 + 1 over two options; p5 and p6 tie
  // at 1 unit, p6 later; six products sold, so the older of the last tie drops out.
  auto sold3 = buy(port, u, {{p[2].options[1], 3}});
  auto sold4 = buy(port, u, {{p[3].options[0], 1}, {p[3].options[1], 1}});
  auto sold5 = buy(port, u, {{p[4].options[0], 1}});
  auto sold6 = buy(port, u, {{p[5].options[0], 1}});
  // Not paid: a PENDING order and a CANCELLED one count for nothing.
  create_order_ok(port, u, lines({{p[6].options[0], 50}}));
  auto cancelled = create_order_ok(port, u, lines({{p[6].options[1], 50}}));
  REQUIRE(cancel(port, u, id_of(cancelled)).status == 200);

  auto full = snapshot_as_of(port, now_ms() + 1);
  check_products(full, {{p[0], names[0], 5, sold1b},
                        {p[2], names[2], 3, sold3},
                        {p[1], names[1], 3, sold1},
                        {p[3], names[3], 2, sold4},
                        {p[5], names[5], 1, sold6}});
  CHECK(get_top(port) == full);

  // As of 3 days after `mid`, the sales before `mid` are out of the window.
  auto later = snapshot_as_of(port, mid + three_days_ms);
  check_products(later, {{p[2], names[2], 3, sold3},
                         {p[3], names[3], 2, sold4},
                         {p[5], names[5], 1, sold6},
                         {p[4], names[4], 1, sold5}});
  // As of 3 days after everything: nothing left, an empty snapshot, and it is the newest.
  const auto gone_at = now_ms() + three_days_ms + 60'000;
  auto gone = snapshot_as_of(port, gone_at);
  CHECK(gone.at("products") == json::array());
  CHECK(get_top(port) == gone);

  // The list's popular sort: units sold in paid orders, all time; ties newest first.
  auto popular_order = [](unsigned short at) {
    auto list = http_call(at, "GET", "/api/products?sort=popular");
    INFO(list.body);
    REQUIRE(list.status == 200);
    std::vector<std::int64_t> order;
    const auto body = list.json();
    for (const auto& item : body.at("items")) order.push_back(item.at("productId"));
    return order;
  };
  const std::vector<std::int64_t> ranked{p[0].id, p[2].id, p[1].id, p[3].id,
                                         p[5].id, p[4].id, p[6].id};
  CHECK(popular_order(port) == ranked);

  // The newest snapshot is what the restarted server serves, from the database; the popular sort
  // reads the sales totals, also after a restart (kill -9 during payments: the order crash tests'
  // invariants compare the totals with the paid orders).
  REQUIRE(s.server.terminate() == 0);
  s.server.start();
  CHECK(get_top(s.port()) == gone);
  CHECK(popular_order(s.port()) == ranked);
  CHECK(query_int("SELECT COUNT(*) FROM popularity_snapshots") == 5);
  CHECK(query_int("SELECT COUNT(*) FROM product_popularity_snapshot") == 2 + 5 + 4);
}

TEST_CASE("the snapshot job takes an optional RFC 3339 asOf", "[e2e][popularity]") {
  order_server s;
  const auto port = s.port();
  const auto before = now_ms();
  for (const char* body : {"", "{}", R"({"asOf": null})"}) {
    auto r = post_snapshot(port, body);
    INFO("body '" << body << "' -> " << r.status << " " << r.body);
    REQUIRE(r.status == 200);
    const auto created = instant_of(r.json().at("createdAt"));
    CHECK(created >= before);
    CHECK(created <= now_ms());
  }
  require_error(post_snapshot(port, R"({"asOf": "yesterday"})"), 400, "INVALID_ARGUMENT");
  require_error(post_snapshot(port, R"({"asOf": 12})"), 400, "INVALID_ARGUMENT");
  require_error(post_snapshot(port, "[1]"), 400, "INVALID_JSON");
  auto r = http_call(port, "POST", "/admin/jobs/popularity-snapshot", "{}");
  CHECK(r.status == 401);
}
