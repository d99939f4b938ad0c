// Coupon-campaign actors through the actor system and the real database.
#include "actors/entities/coupon_campaign_actor.hpp"

#include <catch2/catch.hpp>

#include "actors/hosting/clock.hpp"
#include "actors/shop_error.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace shop;
using model::coupon_row;
using model::user_coupon_row;

namespace {

const entity_key campaign_1 = key_of(entity_kind::coupon, 1);

void create_campaign(test::runtime_fixture& f, std::int64_t total) {
  coupon_row c{1, "10% off", "RATE", 10, total, 0, 0, wall_clock_ms() + 3'600'000, 0, 1};
  REQUIRE(f.ask<coupon_row>(campaign_1, create_atom::value, c));
}

// Sends an issue for every user at once; returns how many of each answer came back.
std::map<std::string, int> race(test::runtime_fixture& f, const std::vector<std::int64_t>& users) {
  caf::scoped_actor self{f.sys};
  const auto& shard = f.rt->ctx.registry.shard_for(campaign_1);
  std::vector<decltype(self->request(shard, caf::infinite, caf::message{}))> pending;
  for (auto u : users)
    pending.push_back(self->request(
        shard, caf::infinite,
        entity_registry::routed(campaign_1, issue_coupon_atom::value, u, receipt_ticket{})));
  std::map<std::string, int> seen;
  for (auto& h : pending)
    h.receive([&](user_coupon_row&) { ++seen["issued"]; },
              [&](caf::error& e) {
                shop_error se;
                ++seen[as_shop_error(e, se) ? std::string{code_of(se)} : "other"];
              });
  return seen;
}

}  // namespace

TEST_CASE("300 users racing for 100 coupons: exactly 100 issued", "[actors][coupon]") {
  test::runtime_fixture f;
  create_campaign(f, 100);
  std::vector<std::int64_t> users;
  for (std::int64_t u = 1; u <= 300; ++u) users.push_back(u);
  auto seen = race(f, users);
  CHECK(seen["issued"] == 100);
  CHECK(seen["COUPON_SOLD_OUT"] == 200);
  CHECK(f.ask<coupon_row>(campaign_1, view_atom::value)->issued_quantity == 100);
  CHECK(test::query_int("SELECT issued_quantity FROM coupons WHERE id = 1") == 100);
  CHECK(test::query_int("SELECT COUNT(DISTINCT user_id) FROM user_coupons WHERE coupon_id = 1") ==
        100);
}

TEST_CASE("one user asking 20 times at once gets one coupon", "[actors][coupon]") {
  test::runtime_fixture f;
  create_campaign(f, 100);
  auto seen = race(f, std::vector<std::int64_t>(20, 7));
  CHECK(seen["issued"] == 1);
  CHECK(seen["ALREADY_ISSUED"] == 19);
  CHECK(test::query_int("SELECT COUNT(*) FROM user_coupons WHERE user_id = 7") == 1);
}

TEST_CASE("a reactivated campaign remembers its holders and its count", "[actors][coupon]") {
  test::runtime_fixture f{std::chrono::milliseconds(100)};
  create_campaign(f, 3);
  CHECK(race(f, {1, 2})["issued"] == 2);
  REQUIRE(f.wait_passivated(entity_kind::coupon));
  auto seen = race(f, {1, 2, 3, 4});
  CHECK(seen["ALREADY_ISSUED"] == 2);
  CHECK(seen["issued"] == 1);
  CHECK(seen["COUPON_SOLD_OUT"] == 1);
  CHECK(test::query_int("SELECT COUNT(*) FROM user_coupons") == 3);
}

TEST_CASE("the holder's live actor learns of the coupon at once", "[actors][coupon]") {
  test::runtime_fixture f;
  create_campaign(f, 10);
  auto user = key_of(entity_kind::user, 1);
  REQUIRE(f.ask<model::user_row>(user, create_atom::value, model::user_row{1, "kim", 0, 0, 1}));
  REQUIRE(race(f, {1})["issued"] == 1);
  // The notice travels after the issue's answer; ask until it has arrived.
  std::vector<user_coupon_row> held;
  for (int i = 0; i < 50 && held.empty(); ++i) {
    held = *f.ask<std::vector<user_coupon_row>>(user, user_coupons_atom::value,
                                                static_cast<std::uint8_t>(coupon_filter::all));
    if (held.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(held.size() == 1);
  CHECK(held[0].name == "10% off");
  CHECK(held[0].status == model::coupon_status::available);
}
