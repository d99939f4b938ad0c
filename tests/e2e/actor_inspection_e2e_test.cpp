// Live actor inspection (GET /admin/actors...) against shop-server as a process: each actor
// reports its own current state after changes (an option's stock and holds, an order's state and
// deadline, a wallet's balance, a campaign's issued count), lists show live actors with their
// committed version, and nothing is activated unless asked.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "tests/support/error_assertions.hpp"
#include "tests/support/shop_orders.hpp"
#include "tests/support/shop_users.hpp"

namespace {

using namespace shop::test;

http_result inspect(unsigned short port, const std::string& type, std::int64_t id,
                    const std::string& query = "") {
  return http_call(port, "GET", "/admin/actors/" + type + "/" + std::to_string(id) + query, "",
                   server_process::admin_headers());
}

// Requires 200 and the common fields; returns the report.
json inspect_ok(unsigned short port, const std::string& type, std::int64_t id,
                const std::string& query = "") {
  auto r = inspect(port, type, id, query);
  INFO("inspect " << type << "/" << id << query << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  auto j = r.json();
  CHECK(j.at("type") == type);
  CHECK(j.at("id") == id);
  CHECK(j.at("key") == type + "/" + std::to_string(id));
  CHECK(j.at("answered") == true);
  CHECK(instant_of(j.at("activatedAt")) > 0);
  CHECK(j.at("mailboxDepth").get<std::int64_t>() >= 0);
  CHECK(j.at("version").get<std::int64_t>() >= 1);
  return j;
}

json list(unsigned short port, const std::string& query) {
  auto r = http_call(port, "GET", "/admin/actors" + query, "", server_process::admin_headers());
  INFO("list " << query << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  return r.json();
}

std::int64_t sql_version(const std::string& table, std::int64_t id) {
  return query_int("SELECT version FROM " + table + " WHERE id = " + std::to_string(id));
}

}  // namespace

TEST_CASE("operators see each actor's live state as it changes", "[e2e][inspection]") {
  order_server s;
  const auto port = s.port();
  auto p = create_product(port, s.ledger, "inspected", 2000, {{"S", 0, 10}, {"M", 100, 5}});
  auto u = create_funded_user(port, s.ledger, "inspector", 50'000);

  auto o = inspect_ok(port, "option", p.options[0]);
  CHECK(o.at("state").at("stock") == 10);
  CHECK(o.at("state").at("reservedStock") == 0);
  CHECK(o.at("state").at("productId") == p.id);
  CHECK(o.at("persistedVersion") == sql_version("product_options", p.options[0]));

  auto order = create_order_ok(port, u, lines({{p.options[0], 3}}));
  o = inspect_ok(port, "option", p.options[0]);
  CHECK(o.at("state").at("stock") == 7);
  CHECK(o.at("state").at("reservedStock") == 3);
  auto ord = inspect_ok(port, "order", id_of(order));
  CHECK(ord.at("state").at("status") == "PENDING");
  CHECK(ord.at("state").at("userId") == u.id);
  CHECK(ord.at("state").at("expiresAt") == order.at("expiresAt"));
  CHECK(ord.at("state").at("paidAt").is_null());

  pay_ok(port, u, id_of(order));
  o = inspect_ok(port, "option", p.options[0]);
  CHECK(o.at("state").at("stock") == 7);
  CHECK(o.at("state").at("reservedStock") == 0);
  ord = inspect_ok(port, "order", id_of(order));
  CHECK(ord.at("state").at("status") == "PAID");
  CHECK(ord.at("state").at("paidAmount") == 6000);
  CHECK(instant_of(ord.at("state").at("paidAt")) > 0);
  auto user = inspect_ok(port, "user", u.id);
  CHECK(user.at("state").at("balance") == 44'000);
  CHECK(user.at("persistedVersion") == sql_version("users", u.id));
  auto product = inspect_ok(port, "product", p.id);
  CHECK(product.at("state").at("name") == "inspected");
  CHECK(product.at("state").at("stock") == 12);

  auto c = http_call(port, "POST", "/admin/coupons",
                     json{{"name", "ten"},
                          {"discountType", "RATE"},
                          {"discountValue", 10},
                          {"totalQuantity", 3},
                          {"expiresAt", rfc3339(now_ms() + 3600'000)}}
                         .dump(),
                     server_process::admin_headers());
  REQUIRE(c.status == 201);
  const auto campaign = c.json().at("couponId").get<std::int64_t>();
  REQUIRE(http_call(port, "POST", "/api/coupons/" + std::to_string(campaign) + "/issue",
                    json{{"userId", u.id}}.dump(), bearer(u))
              .status == 201);
  auto cp = inspect_ok(port, "coupon", campaign);
  CHECK(cp.at("state").at("issuedQuantity") == 1);
  CHECK(cp.at("state").at("totalQuantity") == 3);
  CHECK(cp.at("state").at("holders") == 1);
  CHECK(cp.at("persistedVersion") == sql_version("coupons", campaign));

  // The design's names for the same actors: a wallet is the user actor, a campaign the coupon one.
  auto wallet = inspect(port, "wallet", u.id);
  REQUIRE(wallet.status == 200);
  CHECK(wallet.json().at("key") == "user/" + std::to_string(u.id));
  CHECK(wallet.json().at("state").at("balance") == 44'000);
  auto by_campaign = inspect(port, "campaign", campaign);
  REQUIRE(by_campaign.status == 200);
  CHECK(by_campaign.json().at("key") == "coupon/" + std::to_string(campaign));
  CHECK(by_campaign.json().at("state").at("issuedQuantity") == 1);
  auto wallets = list(port, "?type=wallet");
  CHECK(wallets.at("type") == "user");
  bool wallet_listed = false;
  for (const auto& a : wallets.at("actors")) wallet_listed = wallet_listed || a.at("id") == u.id;
  CHECK(wallet_listed);
  CHECK(list(port, "?type=campaign").at("type") == "coupon");

  // The list: both options, lowest id first, each with its committed version.
  auto options = list(port, "?type=option");
  CHECK(options.at("type") == "option");
  std::set<std::int64_t> listed;
  for (const auto& a : options.at("actors")) {
    listed.insert(a.at("id").get<std::int64_t>());
    CHECK(a.at("answered") == true);
    CHECK(a.at("mailboxDepth").get<std::int64_t>() >= 0);
    CHECK(instant_of(a.at("activatedAt")) > 0);
    CHECK(a.at("persistedVersion") == sql_version("product_options", a.at("id")));
  }
  CHECK(listed == std::set<std::int64_t>{p.options[0], p.options[1]});
  CHECK(options.at("count") == 2);
  CHECK(list(port, "?type=option&limit=1").at("actors").size() == 1);

  require_error(
      http_call(port, "GET", "/admin/actors?type=nope", "", server_process::admin_headers()), 400,
      "INVALID_ARGUMENT");
  require_error(http_call(port, "GET", "/admin/actors", "", server_process::admin_headers()), 400,
                "INVALID_ARGUMENT");
  require_error(http_call(port, "GET", "/admin/actors?type=user&limit=0", "",
                          server_process::admin_headers()),
                400, "INVALID_ARGUMENT");
  CHECK(http_call(port, "GET", "/admin/actors/user/" + std::to_string(u.id)).status == 401);
}

TEST_CASE("inspection does not activate an actor unless asked", "[e2e][inspection]") {
  order_server s;
  auto p = create_product(s.port(), s.ledger, "sleeper", 900, {{"only", 0, 4}});
  require_error(inspect(s.port(), "user", 999'999), 404, "ACTOR_NOT_LIVE");
  require_error(inspect(s.port(), "user", 999'999, "?activate=true"), 404, "USER_NOT_FOUND");
  require_error(inspect(s.port(), "product", p.id, "?activate=maybe"), 400, "INVALID_ARGUMENT");

  // After a restart nothing is live: asking does not load it, ?activate=true does.
  REQUIRE(s.server.terminate() == 0);
  s.server.start();
  const auto port = s.port();
  require_error(inspect(port, "product", p.id), 404, "ACTOR_NOT_LIVE");
  require_error(inspect(port, "option", p.options[0]), 404, "ACTOR_NOT_LIVE");
  CHECK(list(port, "?type=product").at("actors").empty());
  auto woke = inspect_ok(port, "product", p.id, "?activate=true");
  CHECK(woke.at("state").at("name") == "sleeper");
  CHECK(woke.at("persistedVersion") == woke.at("version"));
  inspect_ok(port, "product", p.id);  // live now
  CHECK(list(port, "?type=product").at("count") == 1);
}
