// Orders and payment (US-008..US-012, US-015) against shop-server as a process, written against
// API.md: creation holds stock all or nothing, payment debits once at the price fixed at
// creation, coupons, order states, ownership, the history, and Idempotency-Key. Every case ends
// with the stock / money / coupon invariants (tests/support/shop_orders.hpp).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/support/error_assertions.hpp"
#include "tests/support/shop_orders.hpp"
#include "tests/support/shop_users.hpp"

namespace {

using namespace shop::test;

constexpr std::int64_t default_ttl_ms = 600000;

// One order line as API.md shows it.
struct line_want {
  std::int64_t product, option;
  std::string product_name, option_name;
  std::int64_t unit_price, quantity;
};

// The creation body: fields, lines in the order asked, total, times (hold of `ttl_ms`).
void check_order(const json& o, const shop_user& u, const std::vector<line_want>& want,
                 std::int64_t created_after, std::int64_t ttl_ms = default_ttl_ms) {
  INFO(o.dump());
  CHECK(o.at("orderId").get<std::int64_t>() > 0);
  CHECK(o.at("userId") == u.id);
  CHECK(o.at("status") == "PENDING");
  REQUIRE(o.at("items").size() == want.size());
  std::int64_t total = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& it = o.at("items").at(i);
    const auto& w = want[i];
    CHECK(it.at("productId") == w.product);
    CHECK(it.at("productOptionId") == w.option);
    CHECK(it.at("productName") == w.product_name);
    CHECK(it.at("optionName") == w.option_name);
    CHECK(it.at("unitPrice") == w.unit_price);
    CHECK(it.at("quantity") == w.quantity);
    CHECK(it.at("subtotal") == w.unit_price * w.quantity);
    total += w.unit_price * w.quantity;
  }
  CHECK(o.at("totalAmount") == total);
  const auto created = instant_of(o.at("createdAt"));
  CHECK(created >= created_after - 1000);
  CHECK(created <= now_ms() + 1000);
  CHECK(instant_of(o.at("expiresAt")) == created + ttl_ms);
}

std::string str(std::int64_t v) {
  return std::to_string(v);
}

struct orders_fixture : order_server {};

}  // namespace

TEST_CASE_METHOD(orders_fixture, "orders: US-008 an order from items holds its stock, PENDING",
                 "[e2e][orders][US-008]") {
  auto& l = ledger;
  const auto kim = create_funded_user(port(), l, "kim", 0);
  const auto shirt =
      create_product(port(), l, "Linen shirt", 39000, {{"M", 0, 10}, {"L", 1000, 5}});
  const auto m = shirt.options[0], lg = shirt.options[1];
  const auto before = now_ms();
  const auto o = create_order_ok(port(), kim, lines({{m, 3}, {lg, 1}}));
  check_order(
      o, kim,
      {{shirt.id, m, "Linen shirt", "M", 39000, 3}, {shirt.id, lg, "Linen shirt", "L", 40000, 1}},
      before);
  // The held units leave `stock` and count in `reservedStock`.
  check_levels(port(), l, m, 7, 3);
  check_levels(port(), l, lg, 4, 1);
  CHECK(sql_status(id_of(o)) == "PENDING");

  // GET answers the creation body plus the payment fields, unpaid.
  auto g = get_order(port(), kim, id_of(o));
  INFO(g.dump());
  for (const auto& [k, v] : o.items()) CHECK(g.at(k) == v);
  CHECK(g.contains("discountAmount"));
  CHECK(g.contains("paidAmount"));
  CHECK(g.at("couponId").is_null());
  CHECK(g.at("paidAt").is_null());
  check_invariants(port(), l);
}

TEST_CASE_METHOD(orders_fixture,
                 "orders: US-008 without items the cart is ordered, a paid order leaves the cart",
                 "[e2e][orders][US-008][US-009]") {
  auto& l = ledger;
  const auto kim = create_funded_user(port(), l, "kim", 1000000);
  const auto p = create_product(port(), l, "P001", 10000, {{"A", 0, 10}, {"B", 500, 10}});
  const auto c = create_option(port(), l, "P002", 2000, 10);
  const auto a = p.options[0], b = p.options[1];
  add_to_cart_ok(port(), kim, a, 3);
  add_to_cart_ok(port(), kim, b, 2);
  const auto before = now_ms();
  const auto o = create_order_ok(port(), kim, nullptr);
  std::vector<line_want> want = {{p.id, a, "P001", "A", 10000, 3},
                                 {p.id, b, "P001", "B", 10500, 2}};
  if (!o.at("items").empty() && o.at("items").at(0).at("productOptionId") == b)
    std::swap(want[0], want[1]);  // the cart's order is not the contract's business
  check_order(o, kim, want, before);
  check_levels(port(), l, a, 7, 3);
  check_levels(port(), l, b, 8, 2);

  add_to_cart_ok(port(), kim, c, 1);  // added after the order: stays in the cart
  const auto paid = pay_ok(port(), kim, id_of(o));
  CHECK(paid.at("paidAmount") == 51000);
  CHECK(cart_lines(port(), kim) == std::map<std::int64_t, std::int64_t>{{c, 1}});
  check_levels(port(), l, a, 7, 0);
  check_levels(port(), l, b, 8, 0);

  // An empty order: no items given and an empty cart, or an empty list.
  const auto lee = create_funded_user(port(), l, "lee", 0);
  require_error(create_order(port(), lee, nullptr), 400, "EMPTY_ORDER");
  require_error(create_order(port(), lee, json::array()), 400, "EMPTY_ORDER");
  CHECK(sql_orders("user_id = " + str(lee.id)) == 0);
  check_invariants(port(), l);
}

TEST_CASE_METHOD(orders_fixture,
                 "orders: US-008 a shortfall on any line holds nothing and creates no order",
                 "[e2e][orders][US-008][stock]") {
  auto& l = ledger;
  const auto kim = create_funded_user(port(), l, "kim", 0);
  const auto a = create_option(port(), l, "Plenty", 1000, 10);
  const auto b = create_option(port(), l, "Few", 1000, 3);
  // Two lines, the second short: all or nothing.
  require_error(create_order(port(), kim, lines({{a, 2}, {b, 5}})), 400, "INSUFFICIENT_STOCK");
  check_levels(port(), l, a, 10, 0);
  check_levels(port(), l, b, 3, 0);
  CHECK(sql_orders() == 0);

  // Given P001 has 2 in stock and the cart holds 5 (added while there were 5), ordering fails.
  const auto p = create_option(port(), l, "P001", 1000, 5);
  add_to_cart_ok(port(), kim, p, 5);
  restock(port(), l, p, -3);
  require_error(create_order(port(), kim, nullptr), 400, "INSUFFICIENT_STOCK");
  check_levels(port(), l, p, 2, 0);
  CHECK(sql_orders() == 0);
  // The exact remainder can still be ordered (the control).
  create_order_ok(port(), kim, lines({{b, 3}}));
  check_levels(port(), l, b, 0, 3);
  check_invariants(port(), l);
}

TEST_CASE_METHOD(orders_fixture,
                 "orders: US-009 payment debits the price fixed at creation and sells the hold",
                 "[e2e][orders][US-009]") {
  auto& l = ledger;
  const auto kim = create_funded_user(port(), l, "kim", 100000);
  const auto p = create_product(port(), l, "Boots", 25000, {{"270", 0, 10}});
  const auto o = create_order_ok(port(), kim, lines({{p.options[0], 2}}));
  REQUIRE(o.at("totalAmount") == 50000);
  // The price goes up after the order: the order keeps its price.
  auto patch = http_call(port(), "PATCH", "/admin/products/" + str(p.id), R"({"price": 30000})",
                         server_process::admin_headers());
  REQUIRE(patch.status == 200);

  const auto before = now_ms();
  const auto paid = pay_ok(port(), kim, id_of(o));
  INFO(paid.dump());
  CHECK(paid.at("totalAmount") == 50000);
  CHECK(paid.at("discountAmount") == 0);
  CHECK(paid.at("paidAmount") == 50000);
  CHECK(paid.at("balance") == 50000);
  const auto paid_at = instant_of(paid.at("paidAt"));
  CHECK(paid_at >= before - 1000);
  CHECK(paid_at <= now_ms() + 1000);
  CHECK(http_balance(port(), kim) == 50000);
  check_levels(port(), l, p.options[0], 8, 0);  // sold: the hold is gone, the stock stays down

  const auto g = get_order(port(), kim, id_of(o));
  INFO(g.dump());
  CHECK(g.at("status") == "PAID");
  CHECK(g.at("items").at(0).at("unitPrice") == 25000);
  CHECK(g.at("totalAmount") == 50000);
  CHECK(g.at("discountAmount") == 0);
  CHECK(g.at("paidAmount") == 50000);
  CHECK(g.at("couponId").is_null());
  CHECK(instant_of(g.at("paidAt")) == paid_at);
  // A new order takes the new price.
  CHECK(create_order_ok(port(), kim, lines({{p.options[0], 1}})).at("totalAmount") == 30000);
  check_invariants(port(), l);
}

TEST_CASE_METHOD(orders_fixture,
                 "orders: US-009/US-010 a short wallet leaves the order PENDING with its hold, "
                 "top up and retry pays",
                 "[e2e][orders][US-009][US-010]") {
  auto& l = ledger;
  const auto kim = create_funded_user(port(), l, "kim", 100000);
  const auto opt = create_option(port(), l, "TV", 150000, 4);
  const auto o = create_order_ok(port(), kim, lines({{opt, 1}}));
  require_error(pay(port(), kim, id_of(o)), 400, "INSUFFICIENT_BALANCE");
  CHECK(get_order(port(), kim, id_of(o)).at("status") == "PENDING");
  CHECK(http_balance(port(), kim) == 100000);
  check_levels(port(), l, opt, 3, 1);
  check_invariants(port(), l);

  charge(port(), l, kim, 50000);
  const auto paid = pay_ok(port(), kim, id_of(o));
  CHECK(paid.at("balance") == 0);
  CHECK(http_balance(port(), kim) == 0);
  check_levels(port(), l, opt, 3, 0);
  check_invariants(port(), l);
}

TEST_CASE_METHOD(orders_fixture,
                 "orders: US-015 RATE floors, AMOUNT caps at the total, used, foreign, unknown and "
                 "expired coupons are refused",
                 "[e2e][orders][US-009][US-015][coupons]") {
  auto& l = ledger;
  const auto kim = create_funded_user(port(), l, "kim", 1000000);
  const auto lee = create_funded_user(port(), l, "lee", 0);
  const auto short_lived_until = now_ms() + 1500;
  const auto expiring = give_coupon(port(), kim, "AMOUNT", 1000, short_lived_until);
  const auto rate = give_coupon(port(), kim, "RATE", 15, now_ms() + 86400000);
  const auto amount = give_coupon(port(), kim, "AMOUNT", 50000, now_ms() + 86400000);
  const auto lees = give_coupon(port(), lee, "RATE", 10, now_ms() + 86400000);
  const auto opt = create_option(port(), l, "Odd price", 33333, 10);

  // RATE 15 of 33333: floor(4999.95) = 4999.
  const auto o1 = create_order_ok(port(), kim, lines({{opt, 1}}));
  auto p1 = pay_ok(port(), kim, id_of(o1), rate);
  CHECK(p1.at("discountAmount") == 4999);
  CHECK(p1.at("paidAmount") == 28334);
  CHECK(p1.at("balance") == 1000000 - 28334);
  CHECK(get_order(port(), kim, id_of(o1)).at("couponId") == rate);
  auto used = http_call(port(), "GET", user_path(kim.id, "/coupons?status=USED"), "", bearer(kim));
  REQUIRE(used.status == 200);
  REQUIRE(used.json().at("items").size() == 1);
  CHECK(used.json().at("items").at(0).at("userCouponId") == rate);
  CHECK(instant_of(used.json().at("items").at(0).at("usedAt")) > 0);

  // AMOUNT 50000 on a 33333 order: capped at the total, nothing debited.
  const auto o2 = create_order_ok(port(), kim, lines({{opt, 1}}));
  auto p2 = pay_ok(port(), kim, id_of(o2), amount);
  CHECK(p2.at("discountAmount") == 33333);
  CHECK(p2.at("paidAmount") == 0);
  CHECK(p2.at("balance") == 1000000 - 28334);

  // Refusals leave the order PENDING, its hold and the wallet as they were.
  const auto o3 = create_order_ok(port(), kim, lines({{opt, 2}}));
  require_error(pay(port(), kim, id_of(o3), rate), 400, "ALREADY_USED");
  require_error(pay(port(), kim, id_of(o3), lees), 400, "INVALID_COUPON");
  require_error(pay(port(), kim, id_of(o3), lees + amount + rate + 1000), 400, "INVALID_COUPON");
  REQUIRE(wait_until([&] { return now_ms() > short_lived_until + 50; },
                     std::chrono::milliseconds(5000)));
  require_error(pay(port(), kim, id_of(o3), expiring), 400, "EXPIRED_COUPON");
  CHECK(get_order(port(), kim, id_of(o3)).at("status") == "PENDING");
  CHECK(http_balance(port(), kim) == 1000000 - 28334);
  check_levels(port(), l, opt, 6, 2);
  CHECK(query_int("SELECT COUNT(*) FROM user_coupons WHERE status = 'USED' AND id = " +
                  str(lees)) == 0);
  check_invariants(port(), l);

  CHECK(pay_ok(port(), kim, id_of(o3)).at("paidAmount") == 66666);  // without a coupon
  check_invariants(port(), l);
}

TEST_CASE_METHOD(orders_fixture,
                 "orders: paid, cancelled and unknown orders refuse payment and cancel, cancel "
                 "releases the hold at once",
                 "[e2e][orders][US-009][cancel]") {
  auto& l = ledger;
  const auto kim = create_funded_user(port(), l, "kim", 100000);
  const auto opt = create_option(port(), l, "Mug", 1000, 10);
  const auto o1 = id_of(create_order_ok(port(), kim, lines({{opt, 2}})));
  const auto o2 = id_of(create_order_ok(port(), kim, lines({{opt, 3}})));
  check_levels(port(), l, opt, 5, 5);

  pay_ok(port(), kim, o1);
  require_error(pay(port(), kim, o1), 400, "ORDER_ALREADY_PAID");
  require_error(cancel(port(), kim, o1), 400, "ORDER_ALREADY_PAID");

  auto c = cancel(port(), kim, o2);
  INFO(c.body);
  REQUIRE(c.status == 200);
  CHECK(c.json().at("orderId") == o2);
  CHECK(c.json().at("status") == "CANCELLED");
  check_levels(port(), l, opt, 8, 0);  // released at once, not at the hold's end
  CHECK(get_order(port(), kim, o2).at("status") == "CANCELLED");
  require_error(pay(port(), kim, o2), 400, "ORDER_CANCELLED");
  require_error(cancel(port(), kim, o2), 400, "ORDER_CANCELLED");

  const auto unknown = o1 + o2 + 1000;
  require_error(pay(port(), kim, unknown), 404, "ORDER_NOT_FOUND");
  require_error(cancel(port(), kim, unknown), 404, "ORDER_NOT_FOUND");
  require_error(http_call(port(), "GET", order_path(unknown), "", bearer(kim)), 404,
                "ORDER_NOT_FOUND");
  CHECK(http_balance(port(), kim) == 98000);
  check_invariants(port(), l);
}

TEST_CASE_METHOD(orders_fixture,
                 "orders: another customer's token may not create, pay, cancel or read (403)",
                 "[e2e][orders][auth]") {
  auto& l = ledger;
  const auto kim = create_funded_user(port(), l, "kim", 100000);
  const auto lee = create_funded_user(port(), l, "lee", 100000);
  const auto opt = create_option(port(), l, "Pen", 1000, 10);
  const auto o = id_of(create_order_ok(port(), kim, lines({{opt, 1}})));
  const auto as_kim = json{{"userId", kim.id}}.dump(), as_lee = json{{"userId", lee.id}}.dump();
  for (const auto& body : {as_kim, as_lee}) {
    INFO("body " << body);
    require_error(http_call(port(), "POST", order_path(o, "/payment"), body, bearer(lee)), 403,
                  "FORBIDDEN");
    require_error(http_call(port(), "POST", order_path(o, "/cancel"), body, bearer(lee)), 403,
                  "FORBIDDEN");
  }
  require_error(http_call(port(), "GET", order_path(o), "", bearer(lee)), 403, "FORBIDDEN");
  require_error(http_call(port(), "GET", user_path(kim.id, "/orders"), "", bearer(lee)), 403,
                "FORBIDDEN");
  const auto kims_order = json{{"userId", kim.id}, {"items", lines({{opt, 1}})}}.dump();
  require_error(http_call(port(), "POST", "/api/orders", kims_order, bearer(lee)), 403,
                "FORBIDDEN");
  require_error(http_call(port(), "POST", "/api/orders", kims_order), 401, "UNAUTHORIZED");
  require_error(http_call(port(), "POST", order_path(o, "/payment"), as_kim), 401, "UNAUTHORIZED");
  require_error(http_call(port(), "GET", order_path(o)), 401, "UNAUTHORIZED");

  CHECK(get_order(port(), kim, o).at("status") == "PENDING");
  CHECK(sql_orders() == 1);
  check_levels(port(), l, opt, 9, 1);
  CHECK(http_balance(port(), kim) == 100000);
  CHECK(http_balance(port(), lee) == 100000);
  pay_ok(port(), kim, o);  // the owner can (the control)
  check_invariants(port(), l);
}

TEST_CASE_METHOD(orders_fixture, "orders: US-012 the history is newest first, by status, paged",
                 "[e2e][orders][US-012]") {
  auto& l = ledger;
  const auto kim = create_funded_user(port(), l, "kim", 100000);
  const auto lee = create_funded_user(port(), l, "lee", 100000);
  const auto opt = create_option(port(), l, "Tea", 1000, 100);
  std::vector<std::int64_t> ids;  // oldest first
  for (std::int64_t q = 1; q <= 3; ++q) {
    ids.push_back(id_of(create_order_ok(port(), kim, lines({{opt, q}}))));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  create_order_ok(port(), lee, lines({{opt, 1}}));  // not kim's
  REQUIRE(cancel(port(), kim, ids[0]).status == 200);
  pay_ok(port(), kim, ids[1]);

  auto list = [&](const std::string& q) {
    auto r = http_call(port(), "GET", user_path(kim.id, "/orders" + q), "", bearer(kim));
    INFO("GET orders" << q << " -> " << r.status << " " << r.body);
    REQUIRE(r.status == 200);
    return r.json();
  };
  auto ids_of = [](const json& page) {
    std::vector<std::int64_t> out;
    for (const auto& o : page.at("items")) out.push_back(id_of(o));
    return out;
  };
  const auto all = list("");
  CHECK(ids_of(all) == std::vector<std::int64_t>{ids[2], ids[1], ids[0]});
  CHECK(all.at("totalItems") == 3);
  CHECK(all.at("page") == 0);
  CHECK(all.at("size") == 20);
  // Each order carries its lines and amounts.
  const auto& paid = all.at("items").at(1);
  CHECK(paid.at("status") == "PAID");
  CHECK(paid.at("items").at(0).at("quantity") == 2);
  CHECK(paid.at("totalAmount") == 2000);
  CHECK(paid.at("paidAmount") == 2000);

  const auto first = list("?page=0&size=2"), second = list("?page=1&size=2");
  CHECK(ids_of(first) == std::vector<std::int64_t>{ids[2], ids[1]});
  CHECK(ids_of(second) == std::vector<std::int64_t>{ids[0]});
  CHECK(second.at("totalItems") == 3);
  CHECK(second.at("page") == 1);
  CHECK(second.at("size") == 2);
  CHECK(ids_of(list("?status=PENDING")) == std::vector<std::int64_t>{ids[2]});
  CHECK(ids_of(list("?status=PAID")) == std::vector<std::int64_t>{ids[1]});
  CHECK(ids_of(list("?status=CANCELLED")) == std::vector<std::int64_t>{ids[0]});
  CHECK(list("?status=PAID").at("totalItems") == 1);
  CHECK(list("?status=EXPIRED").at("items").empty());
  CHECK(list("?status=EXPIRED").at("totalItems") == 0);
  require_error(
      http_call(port(), "GET", user_path(kim.id, "/orders?status=bogus"), "", bearer(kim)), 400,
      "INVALID_ARGUMENT");
  check_invariants(port(), l);
}

TEST_CASE_METHOD(orders_fixture,
                 "orders: an Idempotency-Key on create, payment and cancel replays the first "
                 "answer and acts once",
                 "[e2e][orders][idempotency]") {
  auto& l = ledger;
  const auto kim = create_funded_user(port(), l, "kim", 1000);
  const auto opt = create_option(port(), l, "Socks", 3000, 10);
  const auto first = create_order(port(), kim, lines({{opt, 1}}), "create-1");
  INFO(first.body);
  REQUIRE(first.status == 201);
  const auto again = create_order(port(), kim, lines({{opt, 1}}), "create-1");
  CHECK(again.status == 201);
  CHECK(again.body == first.body);
  CHECK(sql_orders() == 1);
  check_levels(port(), l, opt, 9, 1);
  require_error(create_order(port(), kim, lines({{opt, 2}}), "create-1"), 409,
                "IDEMPOTENCY_KEY_REUSED");
  CHECK(sql_orders() == 1);
  const auto o = id_of(first.json());

  // A refusal is the first answer too: after a top-up the key still answers it.
  const auto short_of = pay(port(), kim, o, 0, "pay-1");
  require_error(short_of, 400, "INSUFFICIENT_BALANCE");
  charge(port(), l, kim, 9000);
  const auto replayed = pay(port(), kim, o, 0, "pay-1");
  CHECK(replayed.status == 400);
  CHECK(replayed.body == short_of.body);
  CHECK(sql_status(o) == "PENDING");

  const auto paid = pay(port(), kim, o, 0, "pay-2");
  INFO(paid.body);
  REQUIRE(paid.status == 200);
  const auto paid_again = pay(port(), kim, o, 0, "pay-2");
  CHECK(paid_again.status == 200);
  CHECK(paid_again.body == paid.body);
  CHECK(http_balance(port(), kim) == 7000);  // debited once

  const auto o2 = id_of(create_order_ok(port(), kim, lines({{opt, 4}})));
  const auto cancelled = cancel(port(), kim, o2, "cancel-1");
  INFO(cancelled.body);
  REQUIRE(cancelled.status == 200);
  const auto cancelled_again = cancel(port(), kim, o2, "cancel-1");
  CHECK(cancelled_again.status == 200);
  CHECK(cancelled_again.body == cancelled.body);
  check_levels(port(), l, opt, 9, 0);  // released once
  require_error(cancel(port(), kim, o2, "create-1"), 409, "IDEMPOTENCY_KEY_REUSED");
  check_invariants(port(), l);
}
