// Walks the shop's real route table: every customer route refuses a stranger's token, and every
// admin route refuses a customer's. Handlers are swapped for a sentinel, so what is checked is the
// access each route declares, enforced by the dispatcher before any handler runs.
#include "http/shop_routes.hpp"

#include <boost/beast/http/field.hpp>
#include <caf/all.hpp>
#include <catch2/catch.hpp>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

#include "http/customer_token.hpp"

using namespace shop::http;
namespace bhttp = boost::beast::http;

namespace {

constexpr const char* admin_token = "admin-secret";
constexpr const char* jwt_secret = "jwt-secret";

// The route's pattern with every {param} set to 7.
std::string target_of(const std::string& pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      out += "7";
      i = pattern.find('}', i);
    } else {
      out += pattern[i];
    }
  }
  return out;
}

std::string customer_bearer(std::int64_t user) {
  return "Bearer " + issue_customer_token(jwt_secret, user, std::time(nullptr), 600);
}

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

TEST_CASE("every route declares who may call it, and the dispatcher holds it to that",
          "[routes][auth]") {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  shop::shop_runtime runtime{sys, {}, {}, shop::actor_bridge{sys, 1}, {}, {}, {}, {}};
  api_context api{shop::service::shop_service{runtime}};
  auto routes = shop_routes(api);
  REQUIRE(routes.size() >= 10);

  std::string reached;
  std::int64_t caller = 0;
  for (auto& r : routes)
    r.fn = [&reached, &caller, name = r.pattern](const call_ptr& c) {
      reached = name;
      caller = c->caller();
      c->reply(bhttp::status::ok, nlohmann::json::object());
    };
  auto dispatch = make_dispatcher(routes, {admin_token, true, jwt_secret});
  auto send = [&](const route& r, const std::string& auth) {
    request req{r.method, target_of(r.pattern), 11};
    if (!auth.empty()) req.set(bhttp::field::authorization, auth);
    req.body() = R"({"userId": 7})";
    reached.clear();
    int status = 0;
    dispatch(std::move(req), [&status](response res) { status = res.result_int(); });
    return status;
  };

  for (const auto& r : routes) {
    INFO(bhttp::to_string(r.method) << " " << r.pattern);
    // The access level follows from the path, so a new route cannot be left open by mistake.
    // The dashboard page and its chart library hold no data: the page asks for the token.
    if (starts_with(r.pattern, "/admin/") && !starts_with(r.pattern, "/admin/dashboard"))
      CHECK(r.who == access::admin);
    if (starts_with(r.pattern, "/api/users/") || starts_with(r.pattern, "/api/orders") ||
        r.pattern.find("/issue") != std::string::npos)
      CHECK(r.who == access::customer_self);
    switch (r.who) {
      case access::customer_self:
        CHECK(send(r, "") == 401);
        CHECK(send(r, "Bearer " + std::string{admin_token}) == 401);
        if (r.acting == acting_user::owner) {
          // The owner is known once the resource is read: the handler compares it with caller().
          CHECK(send(r, customer_bearer(8)) == 200);
          CHECK(caller == 8);
          reached.clear();
        } else {
          CHECK(send(r, customer_bearer(8)) == 403);
        }
        CHECK(reached.empty());
        CHECK(send(r, customer_bearer(7)) == 200);
        CHECK(reached == r.pattern);
        break;
      case access::admin:
        CHECK(send(r, "") == 401);
        CHECK(send(r, customer_bearer(7)) == 401);
        CHECK(reached.empty());
        CHECK(send(r, "Bearer " + std::string{admin_token}) == 200);
        CHECK(reached == r.pattern);
        break;
      case access::anyone:
        CHECK(send(r, "") == 200);
        CHECK(reached == r.pattern);
        break;
    }
  }
  runtime.bridge.stop();
}
