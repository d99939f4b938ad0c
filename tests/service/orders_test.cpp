// Orders through the service, without HTTP: keyed and unkeyed requests take their routes (the
// user's actor for a key, the order's otherwise) and answer the same.
#include "service/orders.hpp"

#include <catch2/catch.hpp>

#include "actors/shop_error.hpp"
#include "service/cart.hpp"
#include "tests/support/service_fixture.hpp"
#include "tests/support/wait_until.hpp"

using namespace shop;
using model::order_page;
using model::order_record;
using model::order_row;

namespace {

struct shop_with_a_customer {
  test::service_fixture f;
  model::user_row kim = f.new_user(200000);
  product_view shirt = f.new_shirt(10);
  std::int64_t m = shirt.options[0].id;

  caf::expected<order_record> place(std::vector<order_line> lines, std::string key = "") {
    return f.call<order_record>(
        [&](auto done) { service::place_order(f.shop(), kim.id, lines, key, done); });
  }
  caf::expected<payment_receipt> pay(std::int64_t order, std::string key = "") {
    return f.call<payment_receipt>(
        [&](auto done) { service::pay_order(f.shop(), order, kim.id, 0, key, done); });
  }
  caf::expected<order_row> cancel(std::int64_t order, std::string key = "") {
    return f.call<order_row>(
        [&](auto done) { service::cancel_order(f.shop(), order, kim.id, key, done); });
  }
  caf::expected<order_page> history(caf::optional<model::order_status> status) {
    model::order_query q{kim.id, status, 0, 20};
    return f.call<order_page>([&](auto done) { service::list_orders(f.shop(), q, done); });
  }
};

}  // namespace

TEST_CASE("an order placed, paid and read back without a key", "[service][orders]") {
  shop_with_a_customer s;
  auto o = s.place({{s.m, 2}});
  REQUIRE(o);
  CHECK(to_string(o->row.status) == "PENDING");
  CHECK(o->row.total_amount == 78000);
  auto paid = s.pay(o->row.id);
  REQUIRE(paid);
  CHECK(to_string(paid->order.status) == "PAID");
  CHECK(paid->balance == 122000);
  auto seen = s.f.call<order_record>(
      [&](auto done) { service::order_detail(s.f.shop(), o->row.id, done); });
  REQUIRE(seen);
  CHECK(to_string(seen->row.status) == "PAID");
  REQUIRE(seen->items.size() == 1);
  CHECK(seen->items[0].quantity == 2);
}

TEST_CASE("an order without lines takes the whole cart", "[service][orders]") {
  shop_with_a_customer s;
  auto l = s.shirt.options[1].id;
  REQUIRE(s.f.call<model::cart_item_row>(
      [&](auto done) { service::add_to_cart(s.f.shop(), s.kim.id, l, 3, done); }));
  auto o = s.place({});
  REQUIRE(o);
  REQUIRE(o->items.size() == 1);
  CHECK(o->items[0].option_id == l);
  CHECK(o->row.total_amount == 120000);
}

TEST_CASE("keyed requests act once through the user's actor", "[service][orders]") {
  shop_with_a_customer s;
  auto first = s.place({{s.m, 1}}, "place-1");
  REQUIRE(first);
  auto repeat = s.place({{s.m, 1}}, "place-1");
  REQUIRE(repeat);
  CHECK(repeat->row.id == first->row.id);
  CHECK(test::query_int("SELECT COUNT(*) FROM orders") == 1);

  auto cancelled = s.cancel(first->row.id, "cancel-1");
  REQUIRE(cancelled);
  CHECK(to_string(cancelled->status) == "CANCELLED");
  auto cancelled_again = s.cancel(first->row.id, "cancel-1");
  REQUIRE(cancelled_again);  // the first answer, not ORDER_CANCELLED
  CHECK(to_string(cancelled_again->status) == "CANCELLED");
  auto unkeyed = s.cancel(first->row.id);
  REQUIRE_FALSE(unkeyed);
  CHECK(unkeyed.error() == make_error(shop_error::order_cancelled));

  auto second = s.place({{s.m, 1}});
  REQUIRE(second);
  auto paid = s.pay(second->row.id, "pay-1");
  REQUIRE(paid);
  auto paid_again = s.pay(second->row.id, "pay-1");
  REQUIRE(paid_again);
  CHECK(paid_again->balance == paid->balance);
  CHECK(paid->balance == 200000 - 39000);
}

TEST_CASE("a user's order history is read from the database, by status", "[service][orders]") {
  shop_with_a_customer s;
  auto a = s.place({{s.m, 1}});
  auto b = s.place({{s.m, 1}});
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(s.pay(b->row.id));
  auto all = s.history(caf::none);
  REQUIRE(all);
  CHECK(all->total == 2);
  auto paid = s.history(model::order_status::paid);
  REQUIRE(paid);
  REQUIRE(paid->items.size() == 1);
  CHECK(paid->items[0].row.id == b->row.id);
  CHECK(paid->items[0].items.size() == 1);
}

TEST_CASE("the expiry sweep leaves orders whose hold has not ended", "[service][orders]") {
  shop_with_a_customer s;
  auto o = s.place({{s.m, 1}});
  REQUIRE(o);
  auto n =
      s.f.call<std::int64_t>([&](auto done) { service::expire_overdue_orders(s.f.shop(), done); });
  REQUIRE(n);
  CHECK(*n == 0);
  auto seen = s.f.call<order_record>(
      [&](auto done) { service::order_detail(s.f.shop(), o->row.id, done); });
  REQUIRE(seen);
  CHECK(to_string(seen->row.status) == "PENDING");
}

TEST_CASE("an order past its hold is expired by the sweep", "[service][orders]") {
  test::service_fixture f;
  // A hold the order's own alarm would end much later than the sweep below runs.
  f.opts.order_hold_ttl = std::chrono::milliseconds(1);
  f.opts.idle_ttl = std::chrono::minutes(10);
  f.restart();
  auto kim = f.new_user(0);
  auto shirt = f.new_shirt(10);
  auto o = f.call<order_record>([&](auto done) {
    service::place_order(f.shop(), kim.id, {{shirt.options[0].id, 1}}, "", done);
  });
  REQUIRE(o);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto n = f.call<std::int64_t>([&](auto done) { service::expire_overdue_orders(f.shop(), done); });
  REQUIRE(n);
  CHECK(*n <= 1);  // its own alarm may have been first
  CHECK(test::wait_until(
      [&] {
        return test::query_text("SELECT status FROM orders WHERE id = " +
                                std::to_string(o->row.id)) == "EXPIRED";
      },
      std::chrono::seconds(5)));
}
