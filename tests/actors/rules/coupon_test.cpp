#include "actors/rules/coupon.hpp"

#include <catch2/catch.hpp>

using namespace shop::rules;
using shop::shop_error;
using shop::model::coupon_row;
using shop::model::coupon_status;
using shop::model::user_coupon_row;

namespace {

coupon_row campaign(std::int64_t issued, std::int64_t total) {
  return {1, "10% off", "RATE", 10, total, issued, 0, 10'000, 0, 1};
}

user_coupon_row held(std::int64_t user, coupon_status status, std::int64_t expires) {
  return {5, user, 1, status, 0, expires, 0, 1, "10% off", "RATE", 10};
}

}  // namespace

TEST_CASE("a campaign needs a known discount, a quantity and a future expiry", "[rules][coupon]") {
  auto c = campaign(0, 10);
  CHECK_FALSE(campaign_problem(c, 0));
  c.discount_value = 101;
  CHECK(campaign_problem(c, 0));
  c.discount_type = "AMOUNT";
  CHECK_FALSE(campaign_problem(c, 0));
  c.discount_type = "PERCENT";
  CHECK(campaign_problem(c, 0));
  c = campaign(0, 0);
  CHECK(campaign_problem(c, 0));
  c = campaign(0, 10);
  CHECK(campaign_problem(c, 10'000));  // expires now
  c.starts_at_ms = 10'000;
  CHECK(campaign_problem(c, 0));  // expires when it starts
}

TEST_CASE("issuing follows the stories' order of refusals", "[rules][coupon]") {
  auto c = campaign(95, 100);
  CHECK_FALSE(issue_refusal(c, false, 0));
  CHECK(issue_refusal(c, true, 0) == shop_error::already_issued);
  auto sold_out = campaign(100, 100);
  CHECK(issue_refusal(sold_out, false, 0) == shop_error::coupon_sold_out);
  CHECK(issue_refusal(sold_out, true, 0) == shop_error::coupon_sold_out);  // sold out first
  auto later = campaign(0, 100);
  later.starts_at_ms = 500;
  CHECK(issue_refusal(later, false, 499) == shop_error::coupon_not_started);
  CHECK_FALSE(issue_refusal(later, false, 500));
  CHECK(issue_refusal(c, false, 10'000) == shop_error::expired_coupon);
}

TEST_CASE("a held coupon is USED, EXPIRED past its expiry, or AVAILABLE", "[rules][coupon]") {
  CHECK(coupon_status_at(held(7, coupon_status::available, 100), 99) == coupon_status::available);
  CHECK(coupon_status_at(held(7, coupon_status::available, 100), 100) == coupon_status::expired);
  CHECK(coupon_status_at(held(7, coupon_status::used, 100), 200) == coupon_status::used);
}

TEST_CASE("a coupon pays only for its own user, once, before it expires (US-015)",
          "[rules][coupon]") {
  auto c = held(7, coupon_status::available, 100);
  CHECK_FALSE(payment_refusal(&c, 7, 99));
  CHECK(payment_refusal(nullptr, 7, 0) == shop_error::invalid_coupon);
  CHECK(payment_refusal(&c, 8, 0) == shop_error::invalid_coupon);
  CHECK(payment_refusal(&c, 7, 100) == shop_error::expired_coupon);
  auto used = held(7, coupon_status::used, 100);
  CHECK(payment_refusal(&used, 7, 0) == shop_error::already_used);
}

TEST_CASE("discounts: RATE floors, AMOUNT is capped at the total", "[rules][coupon]") {
  CHECK(discount_of("RATE", 10, 117000) == 11700);
  CHECK(discount_of("RATE", 15, 999) == 149);  // 149.85 floors
  CHECK(discount_of("RATE", 100, 5000) == 5000);
  CHECK(discount_of("AMOUNT", 3000, 117000) == 3000);
  CHECK(discount_of("AMOUNT", 3000, 2000) == 2000);
  CHECK(discount_of("RATE", 50, 9'000'000'000'000'000'000) == 4'500'000'000'000'000'000);
}
