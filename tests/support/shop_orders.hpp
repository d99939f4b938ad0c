// Orders for the end-to-end tests (issue 5): products with options, funded customers, orders
// created, paid and cancelled over HTTP, coupons to pay with, parallel races, and the invariants
// of API.md checked at a quiescent point:
//   stock:  initial stock + restocks = stock + reservedStock + units sold in PAID orders;
//   holds:  reservedStock = units of PENDING orders (EXPIRED / CANCELLED orders hold nothing);
//   money:  initial balance + charges - paidAmount of PAID orders = balance, never below 0;
//   coupons: a user coupon is USED exactly when one PAID order (of its owner) names it.
// A shop_ledger records what the test put in (stock received, money credited); the rest is read
// over HTTP (stock, reservedStock, balance) and from MariaDB (orders, order_items, user_coupons).
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/error_assertions.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/instants.hpp"
#include "tests/support/races.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/shop_requests.hpp"
#include "tests/support/shop_users.hpp"
#include "tests/support/test_database.hpp"
#include "tests/support/wait_until.hpp"

namespace shop::test {

using nlohmann::json;

// --- the ledger: what the test put in ----------------------------------------------------------

struct shop_ledger {
  std::map<std::int64_t, std::int64_t> option_product;  // optionId -> productId
  std::map<std::int64_t, std::int64_t> received;        // optionId -> initial stock + restocks
  std::map<std::int64_t, shop_user> users;              // userId -> user
  std::map<std::int64_t, std::int64_t> credited;        // userId -> initial balance + charges
};

struct option_spec {
  std::string name;
  std::int64_t additional_price = 0;
  std::int64_t stock = 0;
};

struct product_ref {
  std::int64_t id = 0;
  std::int64_t price = 0;
  std::vector<std::int64_t> options;  // optionIds in the order given
};

// POST /admin/products; requires 201 with one option id per spec; records the stock received.
inline product_ref create_product(unsigned short port, shop_ledger& l, const std::string& name,
                                  std::int64_t price, const std::vector<option_spec>& options) {
  json opts = json::array();
  for (const auto& o : options)
    opts.push_back({{"name", o.name}, {"additionalPrice", o.additional_price}, {"stock", o.stock}});
  const json body = {{"name", name},         {"description", "about " + name},
                     {"category", "orders"}, {"price", price},
                     {"available", true},    {"options", opts}};
  auto r = http_call(port, "POST", "/admin/products", body.dump(), server_process::admin_headers());
  INFO("POST /admin/products -> " << r.status << " " << r.body);
  REQUIRE(r.status == 201);
  const auto j = r.json();
  product_ref p{j.at("productId").get<std::int64_t>(), price, {}};
  for (const auto& o : j.at("options")) p.options.push_back(o.at("optionId").get<std::int64_t>());
  REQUIRE(p.options.size() == options.size());
  for (std::size_t i = 0; i < options.size(); ++i) {
    l.option_product[p.options[i]] = p.id;
    l.received[p.options[i]] = options[i].stock;
  }
  return p;
}

// A product with one option "only" (no additional price); returns its optionId.
inline std::int64_t create_option(unsigned short port, shop_ledger& l, const std::string& name,
                                  std::int64_t price, std::int64_t stock) {
  return create_product(port, l, name, price, {{"only", 0, stock}}).options.at(0);
}

// POST /admin/product-options/{id}/stock; requires 200; records the delta. Returns the option.
inline json restock(unsigned short port, shop_ledger& l, std::int64_t option, std::int64_t delta) {
  auto r = http_call(port, "POST", "/admin/product-options/" + std::to_string(option) + "/stock",
                     json{{"delta", delta}}.dump(), server_process::admin_headers());
  INFO("stock of option " << option << " by " << delta << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  l.received[option] += delta;
  return r.json();
}

// POST /admin/users with `balance`; records the credit.
inline shop_user create_funded_user(unsigned short port, shop_ledger& l, const std::string& name,
                                    std::int64_t balance) {
  auto u = create_user(port, name, balance);
  l.users[u.id] = u;
  l.credited[u.id] = balance;
  return u;
}

// POST /api/users/{id}/balance/charge; requires 200; records the credit.
inline void charge(unsigned short port, shop_ledger& l, const shop_user& u, std::int64_t amount) {
  auto r = http_call(port, "POST", user_path(u.id, "/balance/charge"),
                     json{{"amount", amount}}.dump(), bearer(u));
  INFO("charge " << amount << " to " << u.id << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  l.credited[u.id] += amount;
}

// --- stock as GET /api/products/{id} shows it ------------------------------------------------

struct option_levels {
  std::int64_t stock = 0;
  std::int64_t reserved = 0;
};

// An option's `stock` and `reservedStock` as GET /api/products/{id} shows them (the detail
// carries `reservedStock` beside API.md's `stock`).
inline option_levels option_state(unsigned short port, std::int64_t product, std::int64_t option) {
  auto r = http_call(port, "GET", "/api/products/" + std::to_string(product));
  INFO("GET product " << product << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  const auto d = r.json();
  for (const auto& o : d.at("options"))
    if (o.at("optionId") == option)
      return {o.at("stock").get<std::int64_t>(), o.at("reservedStock").get<std::int64_t>()};
  FAIL("option " << option << " is not in product " << product);
  return {};
}

inline option_levels option_state(unsigned short port, const shop_ledger& l, std::int64_t option) {
  return option_state(port, l.option_product.at(option), option);
}

// Requires the option's `stock` and `reservedStock` to be these.
inline void check_levels(unsigned short port, const shop_ledger& l, std::int64_t option,
                         std::int64_t stock, std::int64_t reserved) {
  const auto s = option_state(port, l, option);
  INFO("option " << option);
  CHECK(s.stock == stock);
  CHECK(s.reserved == reserved);
}

// The same for a change nobody was answered for (an expiry): the order's actor shows it at once,
// its option's figures reach the product's view and the database a moment later. Waits up to
// `cap` for the figures, then checks them.
inline void check_levels_settle(unsigned short port, const shop_ledger& l, std::int64_t option,
                                std::int64_t stock, std::int64_t reserved,
                                std::chrono::milliseconds cap = std::chrono::milliseconds(5000)) {
  wait_until(
      [&] {
        const auto s = option_state(port, l, option);
        return s.stock == stock && s.reserved == reserved;
      },
      cap, std::chrono::milliseconds(50));
  check_levels(port, l, option, stock, reserved);
}

// --- SQL over the committed orders -----------------------------------------------------------

inline std::int64_t sql_units(std::int64_t option, const std::string& status) {
  return query_int(
      "SELECT COALESCE(SUM(i.quantity), 0) FROM order_items i JOIN orders o ON o.id = i.order_id"
      " WHERE o.status = '" +
      status + "' AND i.product_option_id = " + std::to_string(option));
}

inline std::int64_t sql_paid_amount(std::int64_t user) {
  return query_int(
      "SELECT COALESCE(SUM(paid_amount), 0) FROM orders WHERE status = 'PAID'"
      " AND user_id = " +
      std::to_string(user));
}

inline std::int64_t sql_orders(const std::string& where = "1 = 1") {
  return query_int("SELECT COUNT(*) FROM orders WHERE " + where);
}

inline std::string sql_status(std::int64_t order) {
  for (const char* s : {"PENDING", "PAID", "EXPIRED", "CANCELLED"})
    if (sql_orders("id = " + std::to_string(order) + " AND status = '" + s + "'") == 1) return s;
  return "(none)";
}

// --- the invariants --------------------------------------------------------------------------

inline void check_invariants(unsigned short port, const shop_ledger& l) {
  for (const auto& [option, received] : l.received) {
    const auto s = option_state(port, l, option);
    const auto sold = sql_units(option, "PAID");
    const auto pending = sql_units(option, "PENDING");
    INFO("option " << option << ": received " << received << ", stock " << s.stock
                   << ", reservedStock " << s.reserved << ", sold " << sold << ", held by PENDING "
                   << pending);
    CHECK(s.stock >= 0);
    CHECK(s.reserved >= 0);
    CHECK(received == s.stock + s.reserved + sold);
    CHECK(s.reserved == pending);
    // The sales totals (what activation and the popular sort read) agree with the paid orders.
    CHECK(query_int("SELECT COALESCE(SUM(sold), 0) FROM option_sales WHERE option_id = " +
                    std::to_string(option)) == sold);
  }
  for (const auto& [id, credited] : l.credited) {
    const auto balance = http_balance(port, l.users.at(id));
    const auto paid = sql_paid_amount(id);
    INFO("user " << id << ": credited " << credited << ", paid " << paid << ", balance "
                 << balance);
    CHECK(balance >= 0);
    CHECK(credited - paid == balance);
    CHECK(sql_balance(id) == balance);
  }
  // Amounts of every PAID order add up; no other order has a payment.
  CHECK(sql_orders("status = 'PAID' AND (paid_at IS NULL OR paid_amount <> total_amount - "
                   "discount_amount OR paid_amount < 0)") == 0);
  CHECK(sql_orders("status <> 'PAID' AND paid_at IS NOT NULL") == 0);
  // No user coupon is named by two PAID orders; USED exactly when a PAID order of its owner names
  // it.
  CHECK(query_int("SELECT COUNT(*) FROM (SELECT user_coupon_id FROM orders WHERE status = 'PAID'"
                  " AND user_coupon_id IS NOT NULL GROUP BY user_coupon_id HAVING COUNT(*) > 1)"
                  " d") == 0);
  CHECK(query_int("SELECT COUNT(*) FROM user_coupons WHERE status = 'USED'") ==
        query_int("SELECT COUNT(DISTINCT o.user_coupon_id) FROM orders o JOIN user_coupons c"
                  " ON c.id = o.user_coupon_id AND c.user_id = o.user_id"
                  " WHERE o.status = 'PAID' AND c.status = 'USED'"));
  CHECK(query_int("SELECT COUNT(*) FROM orders o LEFT JOIN user_coupons c ON c.id ="
                  " o.user_coupon_id WHERE o.status = 'PAID' AND o.user_coupon_id IS NOT NULL"
                  " AND (c.id IS NULL OR c.status <> 'USED' OR c.user_id <> o.user_id)") == 0);
}

// --- orders over HTTP ------------------------------------------------------------------------

inline header_list auth(const shop_user& u, const std::string& key) {
  return key.empty() ? bearer(u) : with_key(bearer(u), key);
}

// {"productOptionId", "quantity"} lines.
inline json lines(std::initializer_list<std::pair<std::int64_t, std::int64_t>> l) {
  json a = json::array();
  for (const auto& [option, qty] : l) a.push_back({{"productOptionId", option}, {"quantity", qty}});
  return a;
}

// POST /api/orders for `u` (items null: the whole cart).
inline http_result create_order(unsigned short port, const shop_user& u, const json& items,
                                const std::string& key = "") {
  json body = {{"userId", u.id}};
  if (!items.is_null()) body["items"] = items;
  return http_call(port, "POST", "/api/orders", body.dump(), auth(u, key));
}

// Requires 201 and a PENDING order of `u`; returns the body.
inline json create_order_ok(unsigned short port, const shop_user& u, const json& items) {
  auto r = create_order(port, u, items);
  INFO("create order for " << u.id << " " << items.dump() << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 201);
  auto j = r.json();
  REQUIRE(j.at("orderId").is_number_integer());
  CHECK(j.at("userId") == u.id);
  CHECK(j.at("status") == "PENDING");
  return j;
}

inline std::int64_t id_of(const json& order) {
  return order.at("orderId").get<std::int64_t>();
}

inline http_result pay(unsigned short port, const shop_user& u, std::int64_t order,
                       std::int64_t coupon = 0, const std::string& key = "") {
  json body = {{"userId", u.id}};
  if (coupon != 0) body["couponId"] = coupon;
  return http_call(port, "POST", order_path(order, "/payment"), body.dump(), auth(u, key));
}

inline json pay_ok(unsigned short port, const shop_user& u, std::int64_t order,
                   std::int64_t coupon = 0) {
  auto r = pay(port, u, order, coupon);
  INFO("pay order " << order << " by " << u.id << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  auto j = r.json();
  CHECK(j.at("orderId") == order);
  CHECK(j.at("status") == "PAID");
  return j;
}

inline http_result cancel(unsigned short port, const shop_user& u, std::int64_t order,
                          const std::string& key = "") {
  return http_call(port, "POST", order_path(order, "/cancel"), json{{"userId", u.id}}.dump(),
                   auth(u, key));
}

// GET /api/orders/{id} with u's token; requires 200.
inline json get_order(unsigned short port, const shop_user& u, std::int64_t order) {
  auto r = http_call(port, "GET", order_path(order), "", bearer(u));
  INFO("GET order " << order << " as " << u.id << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  return r.json();
}

// POST /api/users/{id}/cart.
inline http_result add_to_cart(unsigned short port, const shop_user& u, std::int64_t option,
                               std::int64_t qty) {
  return http_call(port, "POST", user_path(u.id, "/cart"),
                   json{{"productOptionId", option}, {"quantity", qty}}.dump(), bearer(u));
}

inline void add_to_cart_ok(unsigned short port, const shop_user& u, std::int64_t option,
                           std::int64_t qty) {
  auto r = add_to_cart(port, u, option, qty);
  INFO(r.body);
  REQUIRE(r.status == 201);
}

// optionId -> quantity of u's cart.
inline std::map<std::int64_t, std::int64_t> cart_lines(unsigned short port, const shop_user& u) {
  auto r = http_call(port, "GET", user_path(u.id, "/cart"), "", bearer(u));
  INFO(r.body);
  REQUIRE(r.status == 200);
  std::map<std::int64_t, std::int64_t> out;
  const auto cart = r.json();
  for (const auto& l : cart.at("items"))
    out[l.at("productOptionId").get<std::int64_t>()] = l.at("quantity").get<std::int64_t>();
  return out;
}

// --- coupons ---------------------------------------------------------------------------------

// POST /admin/coupons then issue to `u`; returns the userCouponId.
inline std::int64_t give_coupon(unsigned short port, const shop_user& u, const std::string& type,
                                std::int64_t value, std::int64_t expires_ms) {
  const json c = {{"name", type + " " + std::to_string(value)},
                  {"discountType", type},
                  {"discountValue", value},
                  {"totalQuantity", 10},
                  {"expiresAt", rfc3339(expires_ms)}};
  auto r = http_call(port, "POST", "/admin/coupons", c.dump(), server_process::admin_headers());
  INFO("POST /admin/coupons -> " << r.status << " " << r.body);
  REQUIRE(r.status == 201);
  const auto coupon = r.json().at("couponId").get<std::int64_t>();
  auto i = http_call(port, "POST", "/api/coupons/" + std::to_string(coupon) + "/issue",
                     json{{"userId", u.id}}.dump(), bearer(u));
  INFO("issue -> " << i.status << " " << i.body);
  REQUIRE(i.status == 201);
  return i.json().at("userCouponId").get<std::int64_t>();
}

// A fresh database and shop-server with `env` (e.g. SHOP_ORDER_HOLD_TTL_MS); kill_and_restart()
// starts the same configuration again after kill -9.
struct order_server {
  explicit order_server(std::map<std::string, std::string> env = {})
      : server(SHOP_SERVER_BIN, std::move(env)) {
    reset_database();
    server.start();
  }
  server_process server;
  shop_ledger ledger;
  unsigned short port() const { return server.port(); }
  void kill_and_restart() {
    server.kill9();
    REQUIRE_FALSE(server.running());
    server.start();
  }
};

}  // namespace shop::test
