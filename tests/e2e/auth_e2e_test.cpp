// Customer JWTs and the admin token on the wallet and cart routes, against shop-server as a
// process. Tokens are built here by hand (OpenSSL HMAC-SHA256, tests/support/shop_users.hpp), so
// these tests do not share the product's token code.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "tests/support/error_assertions.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/shop_users.hpp"
#include "tests/support/test_database.hpp"

namespace {

using nlohmann::json;
using shop::test::base64url;
using shop::test::bearer;
using shop::test::create_user;
using shop::test::customer_jwt;
using shop::test::header_list;
using shop::test::http_call;
using shop::test::require_error;
using shop::test::server_process;
using shop::test::shop_user;
using shop::test::signed_jwt;
using shop::test::unix_now_s;
using shop::test::user_path;

struct route_call {
  std::string method;
  std::string target;
  std::string body;
  int ok_status;  // what the owner's own token gets
};

struct auth_fixture {
  explicit auth_fixture(std::map<std::string, std::string> env = {})
      : server(SHOP_SERVER_BIN, env) {
    shop::test::reset_database();
    server.start();
    kim = create_user(port(), "kim", 1000);
    lee = create_user(port(), "lee", 1000);
    json product = {
        {"name", "Socks"},
        {"category", "apparel"},
        {"price", 3000},
        {"options", json::array({{{"name", "One size"}, {"additionalPrice", 0}, {"stock", 50}}})}};
    auto p = http_call(port(), "POST", "/admin/products", product.dump(),
                       server_process::admin_headers());
    REQUIRE(p.status == 201);
    option_id = p.json().at("options").at(0).at("optionId").get<std::int64_t>();
    auto add = http_call(port(), "POST", user_path(kim.id, "/cart"), add_body(), bearer(kim));
    INFO(add.body);
    REQUIRE(add.status == 201);
    kim_item = add.json().at("cartItemId").get<std::int64_t>();
  }

  unsigned short port() const { return server.port(); }
  std::string add_body() const {
    return json{{"productOptionId", option_id}, {"quantity", 1}}.dump();
  }

  // Every customer route, acting for kim.
  std::vector<route_call> kim_routes() const {
    return {{"GET", user_path(kim.id, "/balance"), "", 200},
            {"POST", user_path(kim.id, "/balance/charge"), R"({"amount": 100})", 200},
            {"POST", user_path(kim.id, "/cart"), add_body(), 201},
            {"GET", user_path(kim.id, "/cart"), "", 200},
            {"DELETE", user_path(kim.id, "/cart/" + std::to_string(kim_item)), "", 204}};
  }

  // Every customer route answers `status` / `code` with `headers`, and nothing of kim's changed.
  void refuse_all(const header_list& headers, int status, const std::string& code) {
    for (const auto& r : kim_routes()) {
      INFO(r.method << " " << r.target);
      require_error(http_call(port(), r.method, r.target, r.body, headers), status, code);
    }
    CHECK(shop::test::sql_balance(kim.id) == 1000);
    CHECK(shop::test::query_int("SELECT quantity FROM cart_items WHERE id = " +
                                std::to_string(kim_item)) == 1);
    CHECK(shop::test::query_int("SELECT COUNT(*) FROM cart_items WHERE user_id = " +
                                std::to_string(kim.id)) == 1);
  }

  server_process server;
  shop_user kim, lee;
  std::int64_t option_id = 0;
  std::int64_t kim_item = 0;
};

std::string valid_exp() {
  return std::to_string(unix_now_s() + 3600);
}

}  // namespace

TEST_CASE_METHOD(auth_fixture,
                 "auth: the owner's issued or hand-made token opens every customer route",
                 "[e2e][auth]") {
  // The positive control for every 401 below: the routes and bodies are right, and a token built
  // the way this file builds them is accepted.
  int passes = 0;
  for (const auto& token : {kim.token, customer_jwt(kim.id, unix_now_s() + 3600)}) {
    INFO("pass " << ++passes);
    for (std::size_t i = 0; i < kim_routes().size(); ++i) {
      const auto r = kim_routes()[i];  // built now: the DELETE names the current line
      INFO(r.method << " " << r.target);
      auto res = http_call(port(), r.method, r.target, r.body, bearer(token));
      INFO(res.body);
      CHECK(res.status == r.ok_status);
      // The add re-creates the line the previous pass deleted (with a new id).
      if (r.method == "POST" && res.status == 201)
        kim_item = res.json().at("cartItemId").get<std::int64_t>();
    }
  }
  CHECK(shop::test::sql_balance(kim.id) == 1200);
}

TEST_CASE_METHOD(auth_fixture, "auth: no token is a 401 on every customer route", "[e2e][auth]") {
  refuse_all({}, 401, "UNAUTHORIZED");
}

TEST_CASE_METHOD(auth_fixture, "auth: a garbage token is a 401 on every customer route",
                 "[e2e][auth]") {
  refuse_all(bearer("garbage"), 401, "UNAUTHORIZED");
  refuse_all(bearer("a.b.c"), 401, "UNAUTHORIZED");
  refuse_all({{"Authorization", "Bearer "}}, 401, "UNAUTHORIZED");
  // The owner's valid token without the Bearer scheme is not a bearer token.
  refuse_all({{"Authorization", kim.token}}, 401, "UNAUTHORIZED");
  refuse_all({{"Authorization", "Basic " + kim.token}}, 401, "UNAUTHORIZED");
}

TEST_CASE_METHOD(auth_fixture, "auth: a token signed with the wrong secret is a 401",
                 "[e2e][auth]") {
  refuse_all(bearer(customer_jwt(kim.id, unix_now_s() + 3600, "wrong-secret")), 401,
             "UNAUTHORIZED");
  refuse_all(bearer(customer_jwt(kim.id, unix_now_s() + 3600, "")), 401, "UNAUTHORIZED");
}

TEST_CASE_METHOD(auth_fixture, "auth: an expired token or one without exp is a 401",
                 "[e2e][auth]") {
  refuse_all(bearer(customer_jwt(kim.id, unix_now_s() - 60)), 401, "UNAUTHORIZED");
  refuse_all(bearer(signed_jwt(R"({"alg":"HS256","typ":"JWT"})",
                               R"({"sub":")" + std::to_string(kim.id) + R"("})",
                               shop::test::test_jwt_secret)),
             401, "UNAUTHORIZED");
}

TEST_CASE_METHOD(auth_fixture, "auth: an alg none token with an empty signature is a 401",
                 "[e2e][auth]") {
  const auto payload = R"({"sub":")" + std::to_string(kim.id) + R"(","exp":)" + valid_exp() + "}";
  const auto unsigned_token =
      base64url(R"({"alg":"none","typ":"JWT"})") + "." + base64url(payload) + ".";
  refuse_all(bearer(unsigned_token), 401, "UNAUTHORIZED");
  // The same with "alg":"HS256" but no signature.
  refuse_all(bearer(base64url(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url(payload) + "."),
             401, "UNAUTHORIZED");
  // A header that claims another algorithm is refused even with a correct HMAC-SHA256 signature.
  refuse_all(
      bearer(signed_jwt(R"({"alg":"none","typ":"JWT"})", payload, shop::test::test_jwt_secret)),
      401, "UNAUTHORIZED");
  refuse_all(
      bearer(signed_jwt(R"({"alg":"HS512","typ":"JWT"})", payload, shop::test::test_jwt_secret)),
      401, "UNAUTHORIZED");
}

TEST_CASE_METHOD(auth_fixture, "auth: a token whose payload was changed after signing is a 401",
                 "[e2e][auth]") {
  // lee's valid token with the payload swapped for one naming kim: the signature no longer fits.
  const auto lees = customer_jwt(lee.id, unix_now_s() + 3600);
  const auto d1 = lees.find('.');
  const auto d2 = lees.find('.', d1 + 1);
  const auto forged =
      lees.substr(0, d1) + "." +
      base64url(R"({"sub":")" + std::to_string(kim.id) + R"(","exp":)" + valid_exp() + "}") +
      lees.substr(d2);
  refuse_all(bearer(forged), 401, "UNAUTHORIZED");
}

TEST_CASE_METHOD(auth_fixture, "auth: another user's valid token is a 403 FORBIDDEN",
                 "[e2e][auth]") {
  refuse_all(bearer(lee), 403, "FORBIDDEN");
  refuse_all(bearer(customer_jwt(lee.id, unix_now_s() + 3600)), 403, "FORBIDDEN");
  // lee's token still works for lee.
  CHECK(shop::test::http_balance(port(), lee) == 1000);
}

TEST_CASE_METHOD(auth_fixture, "auth: the admin token is a 401 on customer routes", "[e2e][auth]") {
  refuse_all(server_process::admin_headers(), 401, "UNAUTHORIZED");
}

TEST_CASE_METHOD(auth_fixture, "auth: a customer token is a 401 on admin routes", "[e2e][auth]") {
  const auto users_before = shop::test::query_int("SELECT COUNT(*) FROM users");
  const auto products_before = shop::test::query_int("SELECT COUNT(*) FROM products");
  const std::string product =
      R"({"name": "X", "category": "c", "price": 1, "options": [{"name": "o", "stock": 1}]})";
  const std::vector<route_call> admin_routes = {
      {"POST", "/admin/users", R"({"name": "mallory", "initialBalance": 10000000000})", 201},
      {"POST", "/admin/users/" + std::to_string(kim.id) + "/token", "", 200},
      {"POST", "/admin/products", product, 201},
      {"POST", "/admin/product-options/" + std::to_string(option_id) + "/stock",
       R"({"delta": 100})", 200}};
  for (const auto& token : {kim.token, customer_jwt(kim.id, unix_now_s() + 3600)})
    for (const auto& r : admin_routes) {
      INFO(r.method << " " << r.target);
      require_error(http_call(port(), r.method, r.target, r.body, bearer(token)), 401,
                    "UNAUTHORIZED");
    }
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM users") == users_before);
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM products") == products_before);
  CHECK(shop::test::query_int("SELECT stock FROM product_options WHERE id = " +
                              std::to_string(option_id)) == 50);
  // The admin token itself does pass (the control for the loop above).
  for (const auto& r : admin_routes) {
    INFO(r.method << " " << r.target);
    CHECK(http_call(port(), r.method, r.target, r.body, server_process::admin_headers()).status ==
          r.ok_status);
  }
}

namespace {
struct no_auth_fixture : auth_fixture {
  no_auth_fixture()
      : auth_fixture(std::map<std::string, std::string>{{"SHOP_AUTH_MODE", "none"}}) {}
};
}  // namespace

TEST_CASE_METHOD(no_auth_fixture, "auth: with SHOP_AUTH_MODE=none customer routes need no token",
                 "[e2e][auth][auth-mode]") {
  for (const auto& r : kim_routes()) {
    INFO(r.method << " " << r.target);
    auto res = http_call(port(), r.method, r.target, r.body);
    INFO(res.body);
    CHECK(res.status == r.ok_status);
  }
  // 1000 + the charge of 100; the line was added again (2), then deleted.
  CHECK(shop::test::sql_balance(kim.id) == 1100);
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM cart_items WHERE user_id = " +
                              std::to_string(kim.id)) == 0);
  // Nothing is checked: another user's token is not refused either.
  auto other = http_call(port(), "GET", user_path(kim.id, "/balance"), "", bearer(lee));
  CHECK(other.status == 200);
  // The operator endpoints still need the admin token.
  require_error(http_call(port(), "POST", "/admin/users", R"({"name": "x"})"), 401, "UNAUTHORIZED");
}
