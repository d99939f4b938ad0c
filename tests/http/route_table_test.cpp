#include "http/route_table.hpp"

#include <boost/beast/http/field.hpp>
#include <catch2/catch.hpp>
#include <ctime>

#include "http/customer_token.hpp"

using namespace shop::http;
namespace bhttp = boost::beast::http;

namespace {

struct captured {
  int status = 0;
  std::string body;
};

captured run(const dispatch_fn& d, bhttp::verb method, const std::string& target,
             const std::string& auth = {}) {
  request req{method, target, 11};
  if (!auth.empty()) req.set(bhttp::field::authorization, auth);
  captured out;
  d(std::move(req), [&out](response res) {
    out.status = res.result_int();
    out.body = res.body();
  });
  return out;
}

std::vector<route> table(std::string& last_hit, std::vector<std::int64_t>& ids) {
  auto handler = [&](std::string name) {
    return [&last_hit, &ids, name](const call_ptr& c) {
      last_hit = name;
      ids = c->path_ids();
      c->reply(bhttp::status::ok, {{"ok", true}, {"q", c->query("q").value_or("-")}});
    };
  };
  return {
      {bhttp::verb::get, "/api/products/{productId}", access::anyone, handler("detail")},
      {bhttp::verb::get, "/api/products/top", access::anyone, handler("top")},
      {bhttp::verb::get, "/api/products", access::anyone, handler("list")},
      {bhttp::verb::post, "/admin/products", access::admin, handler("admin")},
      {bhttp::verb::get, "/api/users/{userId}/balance", access::customer_self, handler("self")},
  };
}

}  // namespace

TEST_CASE("match_path takes literal segments and {params}", "[routes]") {
  std::vector<std::string> p;
  CHECK(match_path("/api/products/{id}", "/api/products/12", p));
  REQUIRE(p.size() == 1);
  CHECK(p[0] == "12");
  CHECK_FALSE(match_path("/api/products/{id}", "/api/products", p));
  CHECK_FALSE(match_path("/api/products/{id}", "/api/products/1/x", p));
  CHECK(match_path("/api/products", "/api/products/", p));
}

TEST_CASE("dispatcher routes, validates ids, and answers 404/405", "[routes]") {
  std::string hit;
  std::vector<std::int64_t> ids;
  auto d = make_dispatcher(table(hit, ids), {"secret"});

  SECTION("literal beats param") {
    CHECK(run(d, bhttp::verb::get, "/api/products/top").status == 200);
    CHECK(hit == "top");
  }
  SECTION("param is a positive id") {
    CHECK(run(d, bhttp::verb::get, "/api/products/42").status == 200);
    CHECK(hit == "detail");
    CHECK(ids == std::vector<std::int64_t>{42});
    for (auto bad : {"abc", "0", "-1", "99999999999999999999", "1x"}) {
      hit.clear();
      auto r = run(d, bhttp::verb::get, std::string{"/api/products/"} + bad);
      CHECK(r.status == 400);
      CHECK(r.body.find("INVALID_ARGUMENT") != std::string::npos);
      CHECK(hit.empty());
    }
  }
  SECTION("query strings are decoded") {
    auto r = run(d, bhttp::verb::get, "/api/products?q=a%20b+c");
    CHECK(r.body.find("\"a b c\"") != std::string::npos);
  }
  SECTION("unknown path 404, wrong method 405") {
    auto r = run(d, bhttp::verb::get, "/nope");
    CHECK(r.status == 404);
    CHECK(r.body.find("NOT_FOUND") != std::string::npos);
    r = run(d, bhttp::verb::delete_, "/api/products");
    CHECK(r.status == 405);
    CHECK(r.body.find("METHOD_NOT_ALLOWED") != std::string::npos);
  }
  SECTION("admin routes need the admin token") {
    CHECK(run(d, bhttp::verb::post, "/admin/products").status == 401);
    CHECK(run(d, bhttp::verb::post, "/admin/products", "Bearer wrong").status == 401);
    CHECK(run(d, bhttp::verb::post, "/admin/products", "secret").status == 401);
    CHECK(hit.empty());
    CHECK(run(d, bhttp::verb::post, "/admin/products", "Bearer secret").status == 200);
    CHECK(hit == "admin");
  }
}

TEST_CASE("without a configured admin token every admin call is refused", "[routes]") {
  std::string hit;
  std::vector<std::int64_t> ids;
  auto d = make_dispatcher(table(hit, ids), {""});
  CHECK(run(d, bhttp::verb::post, "/admin/products", "Bearer ").status == 401);
  CHECK(run(d, bhttp::verb::post, "/admin/products", "Bearer x").status == 401);
  CHECK(hit.empty());
}

TEST_CASE("customer routes take a valid token of the user they act for", "[routes][auth]") {
  std::string hit;
  std::vector<std::int64_t> ids;
  auto d = make_dispatcher(table(hit, ids), {"secret", true, "jwt-secret"});
  auto now = std::time(nullptr);
  auto own = "Bearer " + issue_customer_token("jwt-secret", 7, now, 600);
  CHECK(run(d, bhttp::verb::get, "/api/users/7/balance").status == 401);
  CHECK(run(d, bhttp::verb::get, "/api/users/7/balance", "Bearer secret").status == 401);
  CHECK(run(d, bhttp::verb::get, "/api/users/7/balance",
            "Bearer " + issue_customer_token("other-secret", 7, now, 600))
            .status == 401);
  CHECK(run(d, bhttp::verb::get, "/api/users/7/balance",
            "Bearer " + issue_customer_token("jwt-secret", 7, now - 700, 600))
            .status == 401);
  auto stranger = run(d, bhttp::verb::get, "/api/users/8/balance", own);
  CHECK(stranger.status == 403);
  CHECK(stranger.body.find("FORBIDDEN") != std::string::npos);
  CHECK(hit.empty());
  CHECK(run(d, bhttp::verb::get, "/api/users/7/balance", own).status == 200);
  CHECK(hit == "self");
}

TEST_CASE("a body-named customer route compares the token with the body's userId",
          "[routes][auth]") {
  std::string hit;
  auto routes =
      std::vector<route>{{bhttp::verb::post, "/api/coupons/{couponId}/issue", access::customer_self,
                          [&hit](const call_ptr& c) {
                            hit = std::to_string(c->caller());
                            c->reply(bhttp::status::ok, {});
                          },
                          acting_user::body}};
  auto d = make_dispatcher(routes, {"secret", true, "jwt-secret"});
  auto token = "Bearer " + issue_customer_token("jwt-secret", 7, std::time(nullptr), 600);
  auto post = [&](const std::string& body) {
    request req{bhttp::verb::post, "/api/coupons/3/issue", 11};
    req.set(bhttp::field::authorization, token);
    req.body() = body;
    int status = 0;
    d(std::move(req), [&status](response res) { status = res.result_int(); });
    return status;
  };
  CHECK(post(R"({"userId": 8})") == 403);
  CHECK(post(R"({"userId": "7"})") == 400);
  CHECK(post("not json") == 400);  // INVALID_JSON, after the token was checked
  CHECK(hit.empty());
  CHECK(post(R"({"userId": 7})") == 200);
  CHECK(hit == "7");
}

TEST_CASE("with customer checks off, customer routes need no token", "[routes][auth]") {
  std::string hit;
  std::vector<std::int64_t> ids;
  auto d = make_dispatcher(table(hit, ids), {"secret", false, ""});
  CHECK(run(d, bhttp::verb::get, "/api/users/7/balance").status == 200);
  CHECK(hit == "self");
  CHECK(run(d, bhttp::verb::post, "/admin/products").status == 401);  // admins still need theirs
}
