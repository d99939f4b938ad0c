// US-001 / US-002 and the operator catalog endpoints, against shop-server as a process.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/support/error_assertions.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

namespace {

using nlohmann::json;
using shop::test::header_list;
using shop::test::http_call;
using shop::test::http_result;
using shop::test::require_error;
using shop::test::server_process;

header_list admin() {
  return server_process::admin_headers();
}

json get_ok(unsigned short port, const std::string& target) {
  auto r = http_call(port, "GET", target);
  INFO("GET " << target << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  return r.json();
}

json product_body(const std::string& name, const std::string& category, std::int64_t price,
                  bool available, json options = nullptr) {
  if (options.is_null())
    options = json::array({{{"name", "One size"}, {"additionalPrice", 0}, {"stock", 10}}});
  return {{"name", name},   {"description", "about " + name}, {"category", category},
          {"price", price}, {"available", available},         {"options", options}};
}

json create_product(unsigned short port, const json& body) {
  auto r = http_call(port, "POST", "/admin/products", body.dump(), admin());
  INFO("POST /admin/products " << body.dump() << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 201);
  auto j = r.json();
  REQUIRE(j.contains("productId"));
  REQUIRE(j["productId"].is_number_integer());
  REQUIRE(j["productId"].get<std::int64_t>() > 0);
  return j;
}

std::vector<std::int64_t> ids_of(const json& page) {
  std::vector<std::int64_t> out;
  for (const auto& it : page.at("items")) out.push_back(it.at("productId").get<std::int64_t>());
  return out;
}

std::int64_t total_of(unsigned short port) {
  return get_ok(port, "/api/products").at("totalItems").get<std::int64_t>();
}

struct catalog_fixture {
  catalog_fixture() {
    shop::test::reset_database();
    server.start();
  }
  server_process server{SHOP_SERVER_BIN};
  unsigned short port() const { return server.port(); }
};

}  // namespace

TEST_CASE_METHOD(catalog_fixture,
                 "US-001: the list shows only products on sale, filtered, sorted and paged",
                 "[e2e][catalog][US-001]") {
  struct spec {
    const char* name;
    const char* category;
    std::int64_t price;
    bool available;
  };
  // Index = creation order. Ties on price (1 and 3) check the newest-first tie-break.
  const std::vector<spec> specs = {
      {"P0", "apparel", 30000, true},  {"P1", "food", 10000, true},
      {"P2", "apparel", 20000, false}, {"P3", "food", 10000, true},
      {"P4", "apparel", 50000, true},  {"P5", "food", 40000, false},
      {"P6", "apparel", 20000, true},  {"P7", "food", 60000, true},
      {"P8", "apparel", 15000, false}, {"P9", "food", 25000, true},
  };
  std::vector<std::int64_t> id;
  for (const auto& s : specs)
    id.push_back(create_product(port(), product_body(s.name, s.category, s.price, s.available))
                     .at("productId")
                     .get<std::int64_t>());
  for (std::size_t i = 1; i < id.size(); ++i) REQUIRE(id[i] != id[i - 1]);
  auto ids = [&](std::initializer_list<int> idx) {
    std::vector<std::int64_t> out;
    for (int i : idx) out.push_back(id[static_cast<std::size_t>(i)]);
    return out;
  };

  SECTION("default: the 7 on sale, newest first, with exactly the listed fields") {
    auto page = get_ok(port(), "/api/products");
    CHECK(page.at("totalItems") == 7);
    CHECK(page.at("page") == 0);
    CHECK(page.at("size") == 20);
    REQUIRE(page.at("items").size() == 7);
    CHECK(ids_of(page) == ids({9, 7, 6, 4, 3, 1, 0}));
    const std::set<std::string> expected_keys{"productId", "name", "price", "category"};
    for (const auto& item : page.at("items")) {
      INFO(item.dump());
      std::set<std::string> keys;
      for (auto it = item.begin(); it != item.end(); ++it) keys.insert(it.key());
      CHECK(keys == expected_keys);
      auto pid = item.at("productId").get<std::int64_t>();
      auto i = static_cast<std::size_t>(std::find(id.begin(), id.end(), pid) - id.begin());
      REQUIRE(i < specs.size());
      CHECK(specs[i].available);
      CHECK(item.at("name") == specs[i].name);
      CHECK(item.at("price") == specs[i].price);
      CHECK(item.at("category") == specs[i].category);
    }
    CHECK(ids_of(get_ok(port(), "/api/products?sort=newest")) == ids({9, 7, 6, 4, 3, 1, 0}));
  }

  SECTION("sorts: price_asc, price_desc (ties newest first), popular without sales = newest") {
    CHECK(ids_of(get_ok(port(), "/api/products?sort=price_asc")) == ids({3, 1, 6, 9, 0, 4, 7}));
    CHECK(ids_of(get_ok(port(), "/api/products?sort=price_desc")) == ids({7, 4, 0, 9, 6, 3, 1}));
    auto popular = get_ok(port(), "/api/products?sort=popular");
    CHECK(popular.at("totalItems") == 7);
    CHECK(ids_of(popular) == ids({9, 7, 6, 4, 3, 1, 0}));
  }

  SECTION("category filter") {
    auto apparel = get_ok(port(), "/api/products?category=apparel");
    CHECK(apparel.at("totalItems") == 3);
    CHECK(ids_of(apparel) == ids({6, 4, 0}));
    auto food = get_ok(port(), "/api/products?category=food&sort=price_asc");
    CHECK(food.at("totalItems") == 4);
    CHECK(ids_of(food) == ids({3, 1, 9, 7}));
    auto food_page = get_ok(port(), "/api/products?category=food&sort=price_asc&size=2&page=1");
    CHECK(food_page.at("totalItems") == 4);
    CHECK(ids_of(food_page) == ids({9, 7}));
    auto none = get_ok(port(), "/api/products?category=no-such-category");
    CHECK(none.at("totalItems") == 0);
    CHECK(none.at("items").empty());
  }

  SECTION("paging: full pages, the last partial page, a page beyond the end") {
    auto p0 = get_ok(port(), "/api/products?size=3");
    CHECK(p0.at("page") == 0);
    CHECK(p0.at("size") == 3);
    CHECK(p0.at("totalItems") == 7);
    CHECK(ids_of(p0) == ids({9, 7, 6}));
    auto p1 = get_ok(port(), "/api/products?size=3&page=1");
    CHECK(p1.at("page") == 1);
    CHECK(ids_of(p1) == ids({4, 3, 1}));
    auto p2 = get_ok(port(), "/api/products?size=3&page=2");
    CHECK(p2.at("totalItems") == 7);
    CHECK(ids_of(p2) == ids({0}));
    auto p3 = get_ok(port(), "/api/products?size=3&page=3");
    CHECK(p3.at("totalItems") == 7);
    CHECK(p3.at("page") == 3);
    CHECK(p3.at("items").is_array());
    CHECK(p3.at("items").empty());
    auto big = get_ok(port(), "/api/products?size=100&page=0");
    CHECK(big.at("size") == 100);
    CHECK(big.at("items").size() == 7);
    auto one = get_ok(port(), "/api/products?size=1&page=6");
    CHECK(ids_of(one) == ids({0}));
  }

  SECTION("bad sort or paging -> 400 INVALID_ARGUMENT") {
    for (const char* q : {"sort=cheapest", "sort=price", "size=0", "size=101", "size=-5",
                          "size=abc", "page=-1", "page=abc", "page=1.5"}) {
      INFO("query: " << q);
      require_error(http_call(port(), "GET", std::string("/api/products?") + q), 400,
                    "INVALID_ARGUMENT");
    }
  }
}

TEST_CASE_METHOD(catalog_fixture, "US-002: product detail shows live stock per option",
                 "[e2e][catalog][US-002]") {
  auto created = create_product(
      port(),
      product_body("Linen shirt", "apparel", 39000, true,
                   json::array({{{"name", "M"}, {"additionalPrice", 0}, {"stock", 10}},
                                {{"name", "XL"}, {"additionalPrice", 2000}, {"stock", 5}}})));
  const auto pid = created.at("productId").get<std::int64_t>();
  REQUIRE(created.at("options").size() == 2);
  const auto m_id = created.at("options")[0].at("optionId").get<std::int64_t>();
  const auto xl_id = created.at("options")[1].at("optionId").get<std::int64_t>();
  REQUIRE(m_id > 0);
  REQUIRE(xl_id > 0);
  REQUIRE(m_id != xl_id);
  const std::string detail_path = "/api/products/" + std::to_string(pid);
  const std::string m_stock_path = "/admin/product-options/" + std::to_string(m_id) + "/stock";

  auto option = [](const json& detail, std::int64_t oid) {
    for (const auto& o : detail.at("options"))
      if (o.at("optionId") == oid) return o;
    FAIL("option " << oid << " missing from " << detail.dump());
    return json{};
  };

  auto d = get_ok(port(), detail_path);
  CHECK(d.at("productId") == pid);
  CHECK(d.at("name") == "Linen shirt");
  CHECK(d.at("description") == "about Linen shirt");
  CHECK(d.at("category") == "apparel");
  CHECK(d.at("price") == 39000);
  CHECK(d.at("available") == true);
  CHECK(d.at("stock") == 15);
  CHECK(option(d, m_id).at("name") == "M");
  CHECK(option(d, m_id).at("stock") == 10);
  CHECK(option(d, m_id).at("additionalPrice") == 0);
  CHECK(option(d, m_id).at("price") == 39000);
  CHECK(option(d, xl_id).at("stock") == 5);
  CHECK(option(d, xl_id).at("additionalPrice") == 2000);
  CHECK(option(d, xl_id).at("price") == 41000);

  SECTION("a write-off shows in the detail and in the database") {
    auto r = http_call(port(), "POST", m_stock_path, R"({"delta": -4})", admin());
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json().at("optionId") == m_id);
    CHECK(r.json().at("stock") == 6);
    d = get_ok(port(), detail_path);
    CHECK(option(d, m_id).at("stock") == 6);
    CHECK(option(d, xl_id).at("stock") == 5);
    CHECK(d.at("stock") == 11);
    CHECK(shop::test::query_int("SELECT stock FROM product_options WHERE id = " +
                                std::to_string(m_id)) == 6);

    // Below zero: refused, nothing changes.
    require_error(http_call(port(), "POST", m_stock_path, R"({"delta": -7})", admin()), 400,
                  "INSUFFICIENT_STOCK");
    d = get_ok(port(), detail_path);
    CHECK(option(d, m_id).at("stock") == 6);
    CHECK(d.at("stock") == 11);
    CHECK(shop::test::query_int("SELECT stock FROM product_options WHERE id = " +
                                std::to_string(m_id)) == 6);

    // Exactly to zero is allowed; a restock brings it back.
    r = http_call(port(), "POST", m_stock_path, R"({"delta": -6})", admin());
    REQUIRE(r.status == 200);
    CHECK(r.json().at("stock") == 0);
    r = http_call(port(), "POST", m_stock_path, R"({"delta": 50})", admin());
    REQUIRE(r.status == 200);
    CHECK(r.json().at("stock") == 50);
    CHECK(option(get_ok(port(), detail_path), m_id).at("stock") == 50);
  }

  SECTION("unknown product / option -> 404") {
    require_error(http_call(port(), "GET", "/api/products/987654321"), 404, "PRODUCT_NOT_FOUND");
    require_error(http_call(port(), "POST", "/admin/product-options/987654321/stock",
                            R"({"delta": 1})", admin()),
                  404, "OPTION_NOT_FOUND");
    require_error(
        http_call(port(), "PATCH", "/admin/products/987654321", R"({"name": "x"})", admin()), 404,
        "PRODUCT_NOT_FOUND");
    // The failed calls created nothing.
    CHECK(shop::test::query_int("SELECT COUNT(*) FROM products") == 1);
    CHECK(shop::test::query_int("SELECT COUNT(*) FROM product_options") == 2);
  }

  SECTION("a product not on sale still has a detail, with available:false") {
    auto hidden = create_product(port(), product_body("Hidden", "apparel", 1000, false));
    auto hid = hidden.at("productId").get<std::int64_t>();
    auto hd = get_ok(port(), "/api/products/" + std::to_string(hid));
    CHECK(hd.at("available") == false);
    CHECK(hd.at("name") == "Hidden");
    CHECK(hd.at("stock") == 10);
    CHECK(ids_of(get_ok(port(), "/api/products")) == std::vector<std::int64_t>{pid});
  }

  SECTION("PATCH changes name, price and availability, and the list follows") {
    auto r = http_call(port(), "PATCH", "/admin/products/" + std::to_string(pid),
                       R"({"name": "Linen shirt II", "price": 45000})", admin());
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json().at("name") == "Linen shirt II");
    CHECK(r.json().at("price") == 45000);
    CHECK(r.json().at("category") == "apparel");  // untouched fields stay
    d = get_ok(port(), detail_path);
    CHECK(d.at("name") == "Linen shirt II");
    CHECK(d.at("price") == 45000);
    CHECK(option(d, xl_id).at("price") == 47000);
    auto list = get_ok(port(), "/api/products");
    REQUIRE(list.at("items").size() == 1);
    CHECK(list.at("items")[0].at("name") == "Linen shirt II");
    CHECK(list.at("items")[0].at("price") == 45000);

    r = http_call(port(), "PATCH", "/admin/products/" + std::to_string(pid),
                  R"({"available": false})", admin());
    REQUIRE(r.status == 200);
    CHECK(r.json().at("available") == false);
    list = get_ok(port(), "/api/products");
    CHECK(list.at("totalItems") == 0);
    CHECK(list.at("items").empty());
    CHECK(get_ok(port(), detail_path).at("available") == false);

    r = http_call(port(), "PATCH", "/admin/products/" + std::to_string(pid),
                  R"({"available": true})", admin());
    REQUIRE(r.status == 200);
    CHECK(ids_of(get_ok(port(), "/api/products")) == std::vector<std::int64_t>{pid});
  }
}

TEST_CASE_METHOD(catalog_fixture,
                 "Admin endpoints refuse a missing or wrong token and change nothing",
                 "[e2e][catalog][admin][auth]") {
  auto created = create_product(port(), product_body("Mug", "kitchen", 8000, true));
  const auto pid = created.at("productId").get<std::int64_t>();
  const auto oid = created.at("options")[0].at("optionId").get<std::int64_t>();

  const std::vector<std::pair<std::string, header_list>> bad_auth = {
      {"no token", {}},
      {"wrong token", {{"Authorization", "Bearer wrong-token"}}},
      {"token without Bearer", {{"Authorization", server_process::admin_token()}}},
      {"token with a suffix", {{"Authorization", server_process::admin_bearer() + "x"}}},
      {"empty bearer", {{"Authorization", "Bearer "}}},
  };
  for (const auto& [what, headers] : bad_auth) {
    INFO(what);
    require_error(http_call(port(), "POST", "/admin/products",
                            product_body("Intruder", "kitchen", 1, true).dump(), headers),
                  401, "UNAUTHORIZED");
    require_error(http_call(port(), "PATCH", "/admin/products/" + std::to_string(pid),
                            R"({"name": "Hacked", "price": 1})", headers),
                  401, "UNAUTHORIZED");
    require_error(
        http_call(port(), "POST", "/admin/product-options/" + std::to_string(oid) + "/stock",
                  R"({"delta": 1000})", headers),
        401, "UNAUTHORIZED");
  }
  auto list = get_ok(port(), "/api/products");
  CHECK(list.at("totalItems") == 1);
  auto d = get_ok(port(), "/api/products/" + std::to_string(pid));
  CHECK(d.at("name") == "Mug");
  CHECK(d.at("price") == 8000);
  CHECK(d.at("stock") == 10);
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM products") == 1);
  CHECK(shop::test::query_int("SELECT stock FROM product_options WHERE id = " +
                              std::to_string(oid)) == 10);
}

TEST_CASE_METHOD(catalog_fixture,
                 "POST /admin/products validates its body and creates nothing on error",
                 "[e2e][catalog][admin][validation]") {
  create_product(port(), product_body("Kept", "kitchen", 8000, true));
  REQUIRE(total_of(port()) == 1);

  auto good = product_body("New", "kitchen", 1000, true);
  std::vector<std::pair<std::string, json>> bad;
  {
    auto b = good;
    b.erase("name");
    bad.emplace_back("missing name", b);
  }
  {
    auto b = good;
    b["name"] = "   ";
    bad.emplace_back("blank name", b);
  }
  {
    auto b = good;
    b["price"] = -1;
    bad.emplace_back("negative price", b);
  }
  {
    auto b = good;
    b["price"] = "1000";
    bad.emplace_back("price as a string", b);
  }
  {
    auto b = good;
    b["price"] = 10.5;
    bad.emplace_back("fractional price", b);
  }
  {
    auto b = good;
    b.erase("price");
    bad.emplace_back("missing price", b);
  }
  {
    auto b = good;
    b.erase("options");
    bad.emplace_back("options missing", b);
  }
  {
    auto b = good;
    b["options"] = json::array();
    bad.emplace_back("options empty", b);
  }
  {
    auto b = good;
    b["options"] = "M";
    bad.emplace_back("options not an array", b);
  }
  {
    auto b = good;
    b["options"] = json::array({{{"name", "M"}, {"additionalPrice", 0}, {"stock", -1}}});
    bad.emplace_back("option stock negative", b);
  }
  {
    auto b = good;
    b["options"] = json::array({{{"name", "M"}, {"additionalPrice", 0}, {"stock", 5}},
                                {{"name", "L"}, {"additionalPrice", 0}, {"stock", -3}}});
    bad.emplace_back("second option stock negative", b);
  }
  {
    auto b = good;
    b["options"] = json::array({{{"additionalPrice", 0}, {"stock", 5}}});
    bad.emplace_back("option without name", b);
  }
  {
    auto b = good;
    b["available"] = "yes";
    bad.emplace_back("available not a boolean", b);
  }
  for (const auto& [what, body] : bad) {
    INFO(what << ": " << body.dump());
    require_error(http_call(port(), "POST", "/admin/products", body.dump(), admin()), 400,
                  "INVALID_ARGUMENT");
  }
  CHECK(total_of(port()) == 1);
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM products") == 1);
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM product_options") == 1);

  // The good body itself is accepted (so the refusals above are about the broken field).
  create_product(port(), good);
  CHECK(total_of(port()) == 2);
}

TEST_CASE_METHOD(catalog_fixture, "PATCH refuses a price that would make an option cost less than 0",
                 "[e2e][catalog][admin][validation]") {
  // The option's additional price brings it down to exactly 0, which creation allows.
  auto created = create_product(
      port(), product_body("Sample", "misc", 1000, true,
                           json::array({{{"name", "free"}, {"additionalPrice", -1000}, {"stock", 5}},
                                        {{"name", "full"}, {"additionalPrice", 0}, {"stock", 5}}})));
  const auto pid = created.at("productId").get<std::int64_t>();
  const auto patch_path = "/admin/products/" + std::to_string(pid);
  for (const char* body : {R"({"price": 999})", R"({"price": 0})", R"({"name": "x", "price": 1})"}) {
    INFO("PATCH " << body);
    require_error(http_call(port(), "PATCH", patch_path, body, admin()), 400, "INVALID_ARGUMENT");
  }
  auto d = get_ok(port(), "/api/products/" + std::to_string(pid));
  CHECK(d.at("name") == "Sample");
  CHECK(d.at("price") == 1000);
  CHECK(d.at("options")[0].at("price") == 0);
  CHECK(shop::test::query_int("SELECT price FROM products WHERE id = " + std::to_string(pid)) ==
        1000);
  // A price that keeps every option at 0 or more is taken.
  auto r = http_call(port(), "PATCH", patch_path, R"({"price": 1500})", admin());
  REQUIRE(r.status == 200);
  CHECK(get_ok(port(), "/api/products/" + std::to_string(pid)).at("options")[0].at("price") == 500);
}

TEST_CASE_METHOD(catalog_fixture, "PATCH and stock adjustments validate their bodies",
                 "[e2e][catalog][admin][validation]") {
  auto created = create_product(port(), product_body("Kettle", "kitchen", 30000, true));
  const auto pid = created.at("productId").get<std::int64_t>();
  const auto oid = created.at("options")[0].at("optionId").get<std::int64_t>();
  const auto patch_path = "/admin/products/" + std::to_string(pid);
  const auto stock_path = "/admin/product-options/" + std::to_string(oid) + "/stock";

  for (const char* body :
       {R"({"price": -5})", R"({"price": "10"})", R"({"name": ""})", R"({"name": 7})",
        R"({"available": "no"})", R"({"name": "ok", "price": -1})"}) {
    INFO("PATCH " << body);
    require_error(http_call(port(), "PATCH", patch_path, body, admin()), 400, "INVALID_ARGUMENT");
  }
  for (const char* body :
       {R"({})", R"({"delta": "5"})", R"({"delta": 1.5})", R"({"delta": null})"}) {
    INFO("stock " << body);
    require_error(http_call(port(), "POST", stock_path, body, admin()), 400, "INVALID_ARGUMENT");
  }
  auto d = get_ok(port(), "/api/products/" + std::to_string(pid));
  CHECK(d.at("name") == "Kettle");
  CHECK(d.at("price") == 30000);
  CHECK(d.at("available") == true);
  CHECK(d.at("stock") == 10);
}
