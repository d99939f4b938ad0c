// US-005..US-007: adding to, viewing and deleting from a user's cart, against shop-server as a
// process (stock caps against live stock, merging lines, ownership, restart).
#include <catch2/catch.hpp>
#include <set>
#include <string>
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
using shop::test::http_call;
using shop::test::http_result;
using shop::test::require_error;
using shop::test::server_process;
using shop::test::shop_user;
using shop::test::user_path;

struct option_spec {
  std::string name;
  std::int64_t additional_price;
  std::int64_t stock;
};

struct product {
  std::int64_t id;
  std::vector<std::int64_t> options;
};

product create_product(unsigned short port, const std::string& name, std::int64_t price,
                       const std::vector<option_spec>& options, bool available = true) {
  json opts = json::array();
  for (const auto& o : options)
    opts.push_back({{"name", o.name}, {"additionalPrice", o.additional_price}, {"stock", o.stock}});
  json body = {{"name", name},   {"description", "about " + name}, {"category", "test"},
               {"price", price}, {"available", available},         {"options", opts}};
  auto r = http_call(port, "POST", "/admin/products", body.dump(), server_process::admin_headers());
  INFO("POST /admin/products -> " << r.status << " " << r.body);
  REQUIRE(r.status == 201);
  auto j = r.json();
  product p{j.at("productId").get<std::int64_t>(), {}};
  for (const auto& o : j.at("options")) p.options.push_back(o.at("optionId").get<std::int64_t>());
  REQUIRE(p.options.size() == options.size());
  return p;
}

http_result add(unsigned short port, const shop_user& u, const std::string& body) {
  return http_call(port, "POST", user_path(u.id, "/cart"), body, bearer(u));
}

http_result add(unsigned short port, const shop_user& u, std::int64_t option, std::int64_t qty) {
  return add(port, u, json{{"productOptionId", option}, {"quantity", qty}}.dump());
}

// Requires 201 with exactly {cartItemId, productOptionId, quantity}; returns the body.
json add_ok(unsigned short port, const shop_user& u, std::int64_t option, std::int64_t qty) {
  auto r = add(port, u, option, qty);
  INFO("add option " << option << " x" << qty << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 201);
  auto j = r.json();
  CHECK(j.size() == 3);
  REQUIRE(j.at("cartItemId").is_number_integer());
  CHECK(j.at("cartItemId").get<std::int64_t>() > 0);
  CHECK(j.at("productOptionId") == option);
  return j;
}

json cart_of(unsigned short port, const shop_user& u) {
  auto r = http_call(port, "GET", user_path(u.id, "/cart"), "", bearer(u));
  INFO("GET cart of " << u.id << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  return r.json();
}

http_result remove(unsigned short port, const shop_user& u, std::int64_t cart_item_id) {
  return http_call(port, "DELETE", user_path(u.id, "/cart/" + std::to_string(cart_item_id)), "",
                   bearer(u));
}

// The quantity of the cart's line for `option`, 0 when there is none.
std::int64_t quantity_in(const json& cart, std::int64_t option) {
  for (const auto& l : cart.at("items"))
    if (l.at("productOptionId") == option) return l.at("quantity").get<std::int64_t>();
  return 0;
}

std::int64_t sql_lines(std::int64_t user_id) {
  return shop::test::query_int("SELECT COUNT(*) FROM cart_items WHERE user_id = " +
                               std::to_string(user_id));
}

std::int64_t stock_delta(unsigned short port, std::int64_t option, std::int64_t delta) {
  auto r = http_call(port, "POST", "/admin/product-options/" + std::to_string(option) + "/stock",
                     json{{"delta", delta}}.dump(), server_process::admin_headers());
  INFO("stock delta " << delta << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  return r.json().at("stock").get<std::int64_t>();
}

const json empty_cart = {{"items", json::array()}, {"totalAmount", 0}};

struct cart_fixture {
  cart_fixture() {
    shop::test::reset_database();
    server.start();
    kim = create_user(port(), "kim");
    lee = create_user(port(), "lee");
  }
  server_process server{SHOP_SERVER_BIN};
  shop_user kim, lee;
  unsigned short port() const { return server.port(); }
};

}  // namespace

TEST_CASE_METHOD(cart_fixture, "cart: US-005 an option with stock 10 added x3 to an empty cart",
                 "[e2e][cart][US-005]") {
  const auto p = create_product(port(), "P001", 10000, {{"One size", 0, 10}});
  REQUIRE(cart_of(port(), kim) == empty_cart);
  auto line = add_ok(port(), kim, p.options[0], 3);
  CHECK(line.at("quantity") == 3);
  auto cart = cart_of(port(), kim);
  REQUIRE(cart.at("items").size() == 1);
  CHECK(cart.at("items").at(0).at("cartItemId") == line.at("cartItemId"));
  CHECK(quantity_in(cart, p.options[0]) == 3);
  CHECK(shop::test::query_int(
            "SELECT quantity FROM cart_items WHERE id = " + line.at("cartItemId").dump() +
            " AND user_id = " + std::to_string(kim.id)) == 3);
  CHECK(cart_of(port(), lee) == empty_cart);  // someone else's cart is untouched
}

TEST_CASE_METHOD(cart_fixture, "cart: US-005 adding an option already in the cart raises its line",
                 "[e2e][cart][US-005]") {
  const auto p = create_product(port(), "P001", 10000, {{"One size", 0, 10}});
  auto first = add_ok(port(), kim, p.options[0], 3);
  auto second = add_ok(port(), kim, p.options[0], 2);
  CHECK(second.at("cartItemId") == first.at("cartItemId"));
  CHECK(second.at("quantity") == 5);
  auto cart = cart_of(port(), kim);
  CHECK(cart.at("items").size() == 1);
  CHECK(quantity_in(cart, p.options[0]) == 5);
  CHECK(sql_lines(kim.id) == 1);
}

TEST_CASE_METHOD(cart_fixture, "cart: the cart quantity may not exceed the option's stock",
                 "[e2e][cart][US-005][stock]") {
  const auto p = create_product(port(), "Few", 10000, {{"One size", 0, 5}});
  require_error(add(port(), kim, p.options[0], 6), 400, "INSUFFICIENT_STOCK");
  CHECK(cart_of(port(), kim) == empty_cart);

  auto line = add_ok(port(), kim, p.options[0], 3);
  require_error(add(port(), kim, p.options[0], 3), 400, "INSUFFICIENT_STOCK");
  CHECK(quantity_in(cart_of(port(), kim), p.options[0]) == 3);
  // Exactly the stock is fine, on the same line.
  auto full = add_ok(port(), kim, p.options[0], 2);
  CHECK(full.at("cartItemId") == line.at("cartItemId"));
  CHECK(full.at("quantity") == 5);
  require_error(add(port(), kim, p.options[0], 1), 400, "INSUFFICIENT_STOCK");
  CHECK(quantity_in(cart_of(port(), kim), p.options[0]) == 5);
  // A cart holds nothing back: the stock is still all there.
  auto detail = http_call(port(), "GET", "/api/products/" + std::to_string(p.id));
  REQUIRE(detail.status == 200);
  CHECK(detail.json().at("options").at(0).at("stock") == 5);
}

TEST_CASE_METHOD(cart_fixture,
                 "cart: the stock cap follows live stock after a write-off and a restock",
                 "[e2e][cart][US-005][stock]") {
  const auto p = create_product(port(), "Live", 10000, {{"One size", 0, 10}});
  add_ok(port(), kim, p.options[0], 2);
  REQUIRE(stock_delta(port(), p.options[0], -7) == 3);
  // 2 + 2 would have fit the stock of 10, not the live 3.
  require_error(add(port(), kim, p.options[0], 2), 400, "INSUFFICIENT_STOCK");
  CHECK(quantity_in(cart_of(port(), kim), p.options[0]) == 2);
  CHECK(add_ok(port(), kim, p.options[0], 1).at("quantity") == 3);
  REQUIRE(stock_delta(port(), p.options[0], 5) == 8);
  CHECK(add_ok(port(), kim, p.options[0], 5).at("quantity") == 8);
  require_error(add(port(), kim, p.options[0], 1), 400, "INSUFFICIENT_STOCK");
  CHECK(quantity_in(cart_of(port(), kim), p.options[0]) == 8);
}

TEST_CASE_METHOD(cart_fixture, "cart: an unknown option answers 404 OPTION_NOT_FOUND",
                 "[e2e][cart][US-005]") {
  create_product(port(), "Real", 10000, {{"One size", 0, 10}});
  require_error(add(port(), kim, 987654321, 1), 404, "OPTION_NOT_FOUND");
  CHECK(cart_of(port(), kim) == empty_cart);
  CHECK(sql_lines(kim.id) == 0);
}

TEST_CASE_METHOD(cart_fixture, "cart: a product not on sale answers 400 PRODUCT_UNAVAILABLE",
                 "[e2e][cart][US-005]") {
  const auto hidden = create_product(port(), "Hidden", 10000, {{"One size", 0, 10}}, false);
  require_error(add(port(), kim, hidden.options[0], 1), 400, "PRODUCT_UNAVAILABLE");
  CHECK(cart_of(port(), kim) == empty_cart);

  // Taken off sale after the fact: the next add is refused too.
  const auto shown = create_product(port(), "Shown", 10000, {{"One size", 0, 10}});
  add_ok(port(), kim, shown.options[0], 1);
  auto patch = http_call(port(), "PATCH", "/admin/products/" + std::to_string(shown.id),
                         R"({"available": false})", server_process::admin_headers());
  REQUIRE(patch.status == 200);
  require_error(add(port(), kim, shown.options[0], 1), 400, "PRODUCT_UNAVAILABLE");
  CHECK(sql_lines(kim.id) == 1);
}

TEST_CASE_METHOD(cart_fixture, "cart: bad quantity or option id is a 400 and adds nothing",
                 "[e2e][cart][US-005][validation]") {
  const auto p = create_product(port(), "Big", 100, {{"One size", 0, 20000}});
  const auto opt = std::to_string(p.options[0]);
  for (const std::string q : {"0", "-1", "10001", "\"3\"", "2.5", "null", "true"}) {
    INFO("quantity " << q);
    require_error(add(port(), kim, R"({"productOptionId": )" + opt + R"(, "quantity": )" + q + "}"),
                  400, "INVALID_QUANTITY");
  }
  require_error(add(port(), kim, R"({"productOptionId": )" + opt + "}"), 400, "INVALID_QUANTITY");
  for (const std::string& o :
       std::vector<std::string>{"\"" + opt + "\"", "0", "-5", "1.5", "null"}) {
    INFO("productOptionId " << o);
    require_error(add(port(), kim, R"({"productOptionId": )" + o + R"(, "quantity": 1})"), 400,
                  "INVALID_ARGUMENT");
  }
  require_error(add(port(), kim, R"({"quantity": 1})"), 400, "INVALID_ARGUMENT");
  for (const std::string body : {R"({"productOptionId": 1, "quantity": 1)", "[]", ""}) {
    INFO("body " << body);
    require_error(add(port(), kim, body), 400, "INVALID_JSON");
  }
  CHECK(cart_of(port(), kim) == empty_cart);
  CHECK(sql_lines(kim.id) == 0);

  // 10,000 is the largest line: accepted once, and a merge past it is refused.
  CHECK(add_ok(port(), kim, p.options[0], 10000).at("quantity") == 10000);
  require_error(add(port(), kim, p.options[0], 1), 400, "INVALID_QUANTITY");
  CHECK(quantity_in(cart_of(port(), kim), p.options[0]) == 10000);
}

TEST_CASE_METHOD(
    cart_fixture,
    "cart: US-006 the cart shows names and unit prices with quantities subtotals and the total",
    "[e2e][cart][US-006]") {
  const auto shirt = create_product(port(), "Linen shirt", 39000, {{"M", 0, 10}, {"XL", 2000, 10}});
  const auto tea = create_product(port(), "Green tea", 5000, {{"100g", 500, 10}});
  const auto m = add_ok(port(), kim, shirt.options[0], 3).at("cartItemId");
  const auto xl = add_ok(port(), kim, shirt.options[1], 1).at("cartItemId");
  const auto t = add_ok(port(), kim, tea.options[0], 2).at("cartItemId");

  const std::vector<json> expected = {
      {{"cartItemId", m},
       {"productId", shirt.id},
       {"productOptionId", shirt.options[0]},
       {"productName", "Linen shirt"},
       {"optionName", "M"},
       {"unitPrice", 39000},
       {"quantity", 3},
       {"subtotal", 117000}},
      {{"cartItemId", xl},
       {"productId", shirt.id},
       {"productOptionId", shirt.options[1]},
       {"productName", "Linen shirt"},
       {"optionName", "XL"},
       {"unitPrice", 41000},
       {"quantity", 1},
       {"subtotal", 41000}},
      {{"cartItemId", t},
       {"productId", tea.id},
       {"productOptionId", tea.options[0]},
       {"productName", "Green tea"},
       {"optionName", "100g"},
       {"unitPrice", 5500},
       {"quantity", 2},
       {"subtotal", 11000}},
  };
  auto cart = cart_of(port(), kim);
  INFO(cart.dump());
  CHECK(cart.size() == 2);
  CHECK(cart.at("totalAmount") == 117000 + 41000 + 11000);
  REQUIRE(cart.at("items").size() == expected.size());
  for (const auto& want : expected) {
    INFO("expected line " << want.dump());
    int found = 0;
    for (const auto& line : cart.at("items"))
      if (line.at("cartItemId") == want.at("cartItemId")) {
        ++found;
        CHECK(line == want);
      }
    CHECK(found == 1);
  }

  // The cart shows today's price: a price change shows at once.
  auto patch = http_call(port(), "PATCH", "/admin/products/" + std::to_string(tea.id),
                         R"({"price": 6000})", server_process::admin_headers());
  REQUIRE(patch.status == 200);
  cart = cart_of(port(), kim);
  CHECK(cart.at("totalAmount") == 117000 + 41000 + 13000);
}

TEST_CASE_METHOD(cart_fixture, "cart: US-006 an empty cart has no items and totalAmount 0",
                 "[e2e][cart][US-006]") {
  auto r = http_call(port(), "GET", user_path(kim.id, "/cart"), "", bearer(kim));
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json() == empty_cart);
}

TEST_CASE_METHOD(
    cart_fixture,
    "cart: US-007 deleting a line answers 204 and deleting it again 404 CART_ITEM_NOT_FOUND",
    "[e2e][cart][US-007]") {
  const auto p = create_product(port(), "Two", 1000, {{"A", 0, 10}, {"B", 100, 10}});
  const auto a = add_ok(port(), kim, p.options[0], 1).at("cartItemId").get<std::int64_t>();
  const auto b = add_ok(port(), kim, p.options[1], 2).at("cartItemId").get<std::int64_t>();

  auto r = remove(port(), kim, a);
  INFO(r.body);
  CHECK(r.status == 204);
  CHECK(r.body.empty());
  auto cart = cart_of(port(), kim);
  REQUIRE(cart.at("items").size() == 1);
  CHECK(cart.at("items").at(0).at("cartItemId") == b);
  CHECK(cart.at("totalAmount") == 2200);
  CHECK(sql_lines(kim.id) == 1);

  require_error(remove(port(), kim, a), 404, "CART_ITEM_NOT_FOUND");
  require_error(remove(port(), kim, 987654321), 404, "CART_ITEM_NOT_FOUND");
  CHECK(remove(port(), kim, b).status == 204);
  CHECK(cart_of(port(), kim) == empty_cart);
  CHECK(sql_lines(kim.id) == 0);

  // Adding the option again after a delete starts a fresh line at the added quantity.
  CHECK(add_ok(port(), kim, p.options[0], 4).at("quantity") == 4);
}

TEST_CASE_METHOD(cart_fixture, "cart: US-007 a user cannot delete another user's line",
                 "[e2e][cart][US-007]") {
  const auto p = create_product(port(), "Mine", 1000, {{"A", 0, 10}});
  const auto kims = add_ok(port(), kim, p.options[0], 2).at("cartItemId").get<std::int64_t>();
  add_ok(port(), lee, p.options[0], 1);
  // lee, on lee's own path, names kim's line.
  require_error(remove(port(), lee, kims), 404, "CART_ITEM_NOT_FOUND");
  auto cart = cart_of(port(), kim);
  REQUIRE(cart.at("items").size() == 1);
  CHECK(cart.at("items").at(0).at("cartItemId") == kims);
  CHECK(quantity_in(cart, p.options[0]) == 2);
  CHECK(quantity_in(cart_of(port(), lee), p.options[0]) == 1);
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM cart_items WHERE id = " +
                              std::to_string(kims)) == 1);
}

TEST_CASE_METHOD(cart_fixture, "cart: the cart survives kill -9 and a restart",
                 "[e2e][cart][durability]") {
  const auto p = create_product(port(), "Keep", 1500, {{"A", 0, 10}, {"B", 500, 10}, {"C", 0, 9}});
  add_ok(port(), kim, p.options[0], 1);
  add_ok(port(), kim, p.options[0], 3);  // merged: 4
  add_ok(port(), kim, p.options[1], 2);
  const auto gone = add_ok(port(), kim, p.options[2], 1).at("cartItemId").get<std::int64_t>();
  REQUIRE(remove(port(), kim, gone).status == 204);
  add_ok(port(), lee, p.options[2], 5);
  const auto kims_before = cart_of(port(), kim);
  const auto lees_before = cart_of(port(), lee);
  REQUIRE(kims_before.at("items").size() == 2);
  REQUIRE(kims_before.at("totalAmount") == 4 * 1500 + 2 * 2000);

  server.kill9();
  REQUIRE_FALSE(server.running());
  server.start();
  CHECK(cart_of(port(), kim) == kims_before);
  CHECK(cart_of(port(), lee) == lees_before);
  CHECK(sql_lines(kim.id) == 2);
  CHECK(sql_lines(lee.id) == 1);
  // The restarted server keeps merging into the surviving line and keeps the stock cap.
  CHECK(add_ok(port(), kim, p.options[0], 6).at("quantity") == 10);
  require_error(add(port(), kim, p.options[0], 1), 400, "INSUFFICIENT_STOCK");
  require_error(remove(port(), kim, gone), 404, "CART_ITEM_NOT_FOUND");
}
