#include "actors/rules/order.hpp"

#include <catch2/catch.hpp>

using namespace shop;
using namespace shop::rules;
using model::order_row;
using model::user_coupon_row;

TEST_CASE("order lines naming one option are merged in first-seen order", "[rules][orders]") {
  auto m = merge_order_lines({{11, 2}, {12, 1}, {11, 3}});
  REQUIRE(m);
  REQUIRE(m->size() == 2);
  CHECK((*m)[0].option_id == 11);
  CHECK((*m)[0].quantity == 5);
  CHECK((*m)[1].option_id == 12);
}

TEST_CASE("an order without lines is EMPTY_ORDER", "[rules][orders]") {
  CHECK(merge_order_lines({}).error() == shop_error::empty_order);
}

TEST_CASE("order quantities stay within 1..10000, also once merged", "[rules][orders]") {
  CHECK(merge_order_lines({{11, 0}}).error() == shop_error::invalid_quantity);
  CHECK(merge_order_lines({{11, 10'001}}).error() == shop_error::invalid_quantity);
  CHECK(merge_order_lines({{11, 6'000}, {11, 5'000}}).error() == shop_error::invalid_quantity);
  CHECK(merge_order_lines({{11, 10'000}}));
}

TEST_CASE("an order holds at most 100 distinct options", "[rules][orders]") {
  std::vector<order_line> lines;
  for (int i = 1; i <= 100; ++i) lines.push_back({i, 1});
  CHECK(merge_order_lines(lines));
  lines.push_back({101, 1});
  CHECK(merge_order_lines(lines).error() == shop_error::invalid_argument);
}

TEST_CASE("an order's total is the sum of unit price times quantity", "[rules][orders]") {
  std::vector<model::order_item_row> items(2);
  items[0].unit_price = 39'000;
  items[0].quantity = 3;
  items[1].unit_price = 1'500;
  items[1].quantity = 2;
  CHECK(order_total(items) == 120'000);
}

namespace {
order_row pending(std::int64_t user, std::int64_t expires) {
  order_row o;
  o.user_id = user;
  o.status = model::order_status::pending;
  o.expires_at_ms = expires;
  return o;
}
}  // namespace

TEST_CASE("only the owner settles a PENDING order before its hold ends", "[rules][orders]") {
  CHECK_FALSE(settle_refusal(pending(7, 1000), 7, 999));
  CHECK(settle_refusal(pending(7, 1000), 8, 999) == shop_error::forbidden);
  CHECK(settle_refusal(pending(7, 1000), 7, 1000) == shop_error::order_expired);
  auto o = pending(7, 1000);
  o.status = model::order_status::paid;
  CHECK(settle_refusal(o, 7, 0) == shop_error::order_already_paid);
  o.status = model::order_status::cancelled;
  CHECK(settle_refusal(o, 7, 0) == shop_error::order_cancelled);
  o.status = model::order_status::expired;
  CHECK(settle_refusal(o, 7, 0) == shop_error::order_expired);
}

TEST_CASE("a hold ends at expiresAt, for PENDING orders only", "[rules][orders]") {
  CHECK_FALSE(hold_ended(pending(7, 1000), 999));
  CHECK(hold_ended(pending(7, 1000), 1000));
  auto o = pending(7, 1000);
  o.status = model::order_status::paid;
  CHECK_FALSE(hold_ended(o, 5000));
}

namespace {
user_coupon_row coupon(std::string type, std::int64_t value) {
  user_coupon_row c;
  c.id = 55;
  c.user_id = 7;
  c.status = shop::model::coupon_status::available;
  c.expires_at_ms = 10'000;
  c.discount_type = std::move(type);
  c.discount_value = value;
  return c;
}
}  // namespace

TEST_CASE("a payment without a coupon debits the total", "[rules][orders]") {
  auto t = payment_terms_of(117'000, false, nullptr, 7, 200'000, 0);
  REQUIRE(t);
  CHECK(t->discount == 0);
  CHECK(t->paid == 117'000);
  CHECK(t->balance == 83'000);
}

TEST_CASE("a RATE coupon takes the floor of total x rate / 100", "[rules][orders]") {
  auto c = coupon("RATE", 10);
  auto t = payment_terms_of(117'005, true, &c, 7, 200'000, 0);
  REQUIRE(t);
  CHECK(t->discount == 11'700);
  CHECK(t->paid == 105'305);
}

TEST_CASE("an AMOUNT coupon covering everything debits nothing", "[rules][orders]") {
  auto c = coupon("AMOUNT", 50'000);
  auto t = payment_terms_of(30'000, true, &c, 7, 0, 0);
  REQUIRE(t);
  CHECK(t->discount == 30'000);
  CHECK(t->paid == 0);
  CHECK(t->balance == 0);
}

TEST_CASE("a payment the wallet cannot cover is INSUFFICIENT_BALANCE", "[rules][orders]") {
  CHECK(payment_terms_of(117'000, false, nullptr, 7, 116'999, 0).error() ==
        shop_error::insufficient_balance);
}

TEST_CASE("a coupon that may not pay refuses the payment", "[rules][orders]") {
  CHECK(payment_terms_of(1000, true, nullptr, 7, 5000, 0).error() == shop_error::invalid_coupon);
  auto other = coupon("RATE", 10);
  other.user_id = 8;
  CHECK(payment_terms_of(1000, true, &other, 7, 5000, 0).error() == shop_error::invalid_coupon);
  auto used = coupon("RATE", 10);
  used.status = shop::model::coupon_status::used;
  CHECK(payment_terms_of(1000, true, &used, 7, 5000, 0).error() == shop_error::already_used);
  auto c = coupon("RATE", 10);
  CHECK(payment_terms_of(1000, true, &c, 7, 5000, 10'000).error() == shop_error::expired_coupon);
}
