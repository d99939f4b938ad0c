// The customer stories through a 3-node cluster (API.md "Cluster"): any node serves any route for
// any entity with the same answers as a lone node. The customer here is owned by node C, so the
// requests through A and B are forwarded; every entity's owner is named alike by every node.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "tests/support/cluster_fixture.hpp"
#include "tests/support/shop_orders.hpp"
#include "tests/support/shop_users.hpp"

namespace {

using namespace shop::test;

constexpr std::size_t A = 0, B = 1, C = 2;

}  // namespace

TEST_CASE_METHOD(cluster_fixture,
                 "cluster: a customer's stories work through any node, every node names the "
                 "same owner of each entity",
                 "[e2e][cluster]") {
  auto& l = ledger;
  const auto p = create_product(port(A), l, "Everywhere", 12000, {{"S", 0, 10}, {"L", 500, 4}});

  // The catalog reads the same through every node.
  for (std::size_t n : {A, B, C}) {
    INFO("through " << fleet.name(n));
    auto list = http_call(port(n), "GET", "/api/products");
    REQUIRE(list.status == 200);
    REQUIRE(list.json().at("items").size() == 1);
    CHECK(list.json().at("items").at(0).at("productId") == p.id);
    check_levels(port(n), l, p.options[0], 10, 0);
    check_levels(port(n), l, p.options[1], 4, 0);
  }

  // A customer that node C owns, so that A and B serve it by forwarding.
  shop_user kim;
  for (int i = 0; kim.id == 0; ++i) {
    REQUIRE(i < 60);
    auto u = create_funded_user(port(B), l, "kim" + std::to_string(i), 0);
    if (owner("user", u.id) == fleet.name(C)) kim = u;
  }

  charge(port(B), l, kim, 50000);
  for (std::size_t n : {A, B, C}) CHECK(http_balance(port(n), kim) == 50000);

  // A cart filled through A reads the same through B and C.
  add_to_cart_ok(port(A), kim, p.options[1], 2);
  add_to_cart_ok(port(A), kim, p.options[0], 1);
  const std::map<std::int64_t, std::int64_t> cart = {{p.options[0], 1}, {p.options[1], 2}};
  CHECK(cart_lines(port(B), kim) == cart);
  CHECK(cart_lines(port(C), kim) == cart);

  // Order on A, a coupon issued through C, payment on B, the order read on C.
  const auto order = create_order_ok(port(A), kim, lines({{p.options[0], 2}}));
  const auto coupon = give_coupon(port(C), kim, "AMOUNT", 3000, now_ms() + 86400000);
  check_levels(port(C), l, p.options[0], 8, 2);
  const auto paid = pay_ok(port(B), kim, id_of(order), coupon);
  CHECK(paid.at("discountAmount") == 3000);
  CHECK(paid.at("paidAmount") == 2 * 12000 - 3000);
  CHECK(paid.at("balance") == 50000 - 21000);
  const auto read = get_order(port(C), kim, id_of(order));
  CHECK(read.at("status") == "PAID");
  CHECK(read.at("couponId") == coupon);
  CHECK(read.at("totalAmount") == 24000);
  for (std::size_t n : {A, B, C}) {
    INFO("through " << fleet.name(n));
    CHECK(http_balance(port(n), kim) == 29000);
    check_levels(port(n), l, p.options[0], 8, 0);
    CHECK(get_order(port(n), kim, id_of(order)).at("status") == "PAID");
  }
  CHECK(sql_status(id_of(order)) == "PAID");
  CHECK(sql_balance(kim.id) == 29000);

  // Every node answers the inspection of every entity and names the same owner, which is one of
  // the three nodes; the customer's is C.
  const auto campaign =
      query_int("SELECT coupon_id FROM user_coupons WHERE id = " + std::to_string(coupon));
  const std::map<std::string, std::int64_t> entities = {{"product", p.id},
                                                        {"option", p.options[0]},
                                                        {"user", kim.id},
                                                        {"coupon", campaign},
                                                        {"order", id_of(order)}};
  for (const auto& [type, id] : entities) {
    const auto first = owner(type, id, A);
    INFO(type << "/" << id << " is owned by " << first);
    CHECK((first == fleet.name(A) || first == fleet.name(B) || first == fleet.name(C)));
    CHECK(owner(type, id, B) == first);
    CHECK(owner(type, id, C) == first);
  }
  CHECK(owner("user", kim.id, A) == fleet.name(C));
  CHECK(inspect(A, "user", kim.id).at("state").at("balance") == 29000);

  check_invariants(port(C), l);
}
