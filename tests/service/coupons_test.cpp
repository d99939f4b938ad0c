// First-come coupons through the service, without HTTP: campaigns, issuing, a user's coupons.
#include "service/coupons.hpp"

#include <catch2/catch.hpp>

#include "actors/hosting/clock.hpp"
#include "actors/shop_error.hpp"
#include "tests/support/service_fixture.hpp"

using namespace shop;
using model::coupon_row;
using model::user_coupon_row;

namespace {

constexpr std::int64_t day_ms = 86'400'000;

service::campaign_terms ten_percent(std::int64_t total) {
  return {"10% off", "RATE", 10, total, 0, wall_clock_ms() + day_ms};
}

}  // namespace

TEST_CASE("a campaign's terms are checked by the rules before it is created",
          "[service][coupons]") {
  test::service_fixture f;
  CHECK_FALSE(service::campaign_problem(ten_percent(5)));
  auto past = ten_percent(5);
  past.expires_at_ms = wall_clock_ms() - day_ms;
  CHECK(service::campaign_problem(past));
  auto made = f.call<coupon_row>([&](auto done) { service::create_coupon(f.shop(), past, done); });
  REQUIRE_FALSE(made);
  CHECK(made.error() == make_error(shop_error::invalid_argument));
  CHECK(test::query_int("SELECT COUNT(*) FROM coupons") == 0);
}

TEST_CASE("a campaign gets a new id and issues first come, one per user", "[service][coupons]") {
  test::service_fixture f;
  auto made = f.call<coupon_row>(
      [&](auto done) { service::create_coupon(f.shop(), ten_percent(2), done); });
  REQUIRE(made);
  CHECK(made->id >= 1);
  CHECK(made->issued_quantity == 0);
  CHECK(made->created_at_ms > 0);
  auto kim = f.new_user(0);
  auto lee = f.new_user(0);
  auto park = f.new_user(0);
  auto issue = [&](std::int64_t user, std::string key) {
    return f.call<user_coupon_row>(
        [&](auto done) { service::issue_coupon(f.shop(), made->id, user, key, done); });
  };
  auto got = issue(kim.id, "");
  REQUIRE(got);
  CHECK(got->user_id == kim.id);
  CHECK(got->status == model::coupon_status::available);
  auto twice = issue(kim.id, "");
  REQUIRE_FALSE(twice);
  CHECK(twice.error() == make_error(shop_error::already_issued));
  REQUIRE(issue(lee.id, ""));
  auto sold_out = issue(park.id, "");
  REQUIRE_FALSE(sold_out);
  CHECK(sold_out.error() == make_error(shop_error::coupon_sold_out));

  auto seen =
      f.call<coupon_row>([&](auto done) { service::coupon_detail(f.shop(), made->id, done); });
  REQUIRE(seen);
  CHECK(seen->issued_quantity == 2);
  auto held = f.call<std::vector<user_coupon_row>>(
      [&](auto done) { service::user_coupons(f.shop(), kim.id, coupon_filter::available, done); });
  REQUIRE(held);
  REQUIRE(held->size() == 1);
  CHECK(held->front().id == got->id);
}

TEST_CASE("a keyed issue goes through the user and its repeat answers the same coupon",
          "[service][coupons]") {
  test::service_fixture f;
  auto made = f.call<coupon_row>(
      [&](auto done) { service::create_coupon(f.shop(), ten_percent(5), done); });
  REQUIRE(made);
  auto kim = f.new_user(0);
  auto issue = [&] {
    return f.call<user_coupon_row>(
        [&](auto done) { service::issue_coupon(f.shop(), made->id, kim.id, "issue-1", done); });
  };
  auto first = issue();
  REQUIRE(first);
  auto repeat = issue();
  REQUIRE(repeat);
  CHECK(repeat->id == first->id);
  CHECK(test::query_int("SELECT issued_quantity FROM coupons WHERE id = " +
                        std::to_string(made->id)) == 1);
}
