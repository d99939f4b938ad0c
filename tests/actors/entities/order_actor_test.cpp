// An order's actor through the actor system and the real database: the workflow reserve -> pay ->
// commit, a cancel and an expiry giving the holds back, and keyed repeats answered once.
#include "actors/entities/order_actor.hpp"

#include <catch2/catch.hpp>

#include "actors/hosting/clock.hpp"
#include "actors/shop_error.hpp"
#include "tests/support/runtime_fixture.hpp"
#include "tests/support/wait_until.hpp"

using namespace shop;
using model::option_row;
using model::order_record;
using model::order_row;
using model::user_row;

namespace {

const entity_key user_1 = key_of(entity_kind::user, 1);
const entity_key option_11 = key_of(entity_kind::option, 11);

// User 1 with `balance` won; product 1 at 39,000 won with option 11 (10 units) and 12 (+1,000).
void open_shop(test::runtime_fixture& f, std::int64_t balance) {
  REQUIRE(f.ask<user_row>(user_1, create_atom::value, user_row{1, "kim", balance, 0, 1}));
  product_draft d{{1, "Linen shirt", "", "apparel", 39000, true, 0, 1},
                  {{11, 1, "M", 0, 10, 0, 1}, {12, 1, "L", 1000, 10, 0, 1}}};
  REQUIRE(f.ask<product_view>(key_of(entity_kind::product, 1), create_atom::value, d));
}

// Orders are placed by the user's actor, which takes their ids and hands them to the order.
order_record place(test::runtime_fixture& f, std::vector<order_line> lines,
                   const std::string& key = "") {
  auto o = f.ask<order_record>(user_1, place_order_atom::value, std::move(lines), key);
  REQUIRE(o);
  return *o;
}

entity_key order_key(const order_record& o) {
  return key_of(entity_kind::order, o.row.id);
}

// Whether option 11 comes to show `stock` orderable and `reserved` held (a release becomes
// orderable once the order's unit committed).
bool option_shows(test::runtime_fixture& f, std::int64_t stock, std::int64_t reserved) {
  return test::wait_until(
      [&] {
        auto o = f.ask<option_row>(option_11, view_atom::value);
        return o && o->stock == stock && o->reserved_stock == reserved;
      },
      std::chrono::seconds(5));
}

std::string committed_status(std::int64_t order_id) {
  return test::query_text("SELECT status FROM orders WHERE id = " + std::to_string(order_id))
      .value_or("");
}

}  // namespace

TEST_CASE("an order holds its lines, and its payment sells them and commits it PAID",
          "[actors][order]") {
  test::runtime_fixture f;
  open_shop(f, 100000);
  auto o = place(f, {{11, 2}});
  CHECK(to_string(o.row.status) == "PENDING");
  CHECK(o.row.user_id == 1);
  CHECK(o.row.total_amount == 78000);
  CHECK(o.row.expires_at_ms == o.row.created_at_ms + f.opts.order_hold_ttl.count());
  REQUIRE(o.items.size() == 1);
  CHECK(o.items[0].unit_price == 39000);
  CHECK(committed_status(o.row.id) == "PENDING");
  CHECK(option_shows(f, 8, 2));

  auto paid = f.ask<payment_receipt>(order_key(o), pay_atom::value, std::int64_t{1},
                                     std::int64_t{0}, receipt_ticket{});
  REQUIRE(paid);
  CHECK(to_string(paid->order.status) == "PAID");
  CHECK(paid->order.paid_amount == 78000);
  CHECK(paid->order.paid_at_ms >= o.row.created_at_ms);
  CHECK(paid->balance == 22000);
  CHECK(committed_status(o.row.id) == "PAID");
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == 22000);
  CHECK(option_shows(f, 8, 0));

  // Paid once: a second payment is refused, and the order comes back PAID from its rows.
  auto again = f.ask<payment_receipt>(order_key(o), pay_atom::value, std::int64_t{1},
                                      std::int64_t{0}, receipt_ticket{});
  REQUIRE_FALSE(again);
  CHECK(again.error() == make_error(shop_error::order_already_paid));
  f.restart();
  auto view = f.ask<order_record>(order_key(o), view_atom::value);
  REQUIRE(view);
  CHECK(to_string(view->row.status) == "PAID");
  CHECK(view->row.paid_amount == 78000);
}

TEST_CASE("a payment the wallet cannot cover leaves the order PENDING with its holds",
          "[actors][order]") {
  test::runtime_fixture f;
  open_shop(f, 1000);
  auto o = place(f, {{11, 1}});
  auto paid = f.ask<payment_receipt>(order_key(o), pay_atom::value, std::int64_t{1},
                                     std::int64_t{0}, receipt_ticket{});
  REQUIRE_FALSE(paid);
  CHECK(paid.error() == make_error(shop_error::insufficient_balance));
  auto view = f.ask<order_record>(order_key(o), view_atom::value);
  REQUIRE(view);
  CHECK(to_string(view->row.status) == "PENDING");
  CHECK(option_shows(f, 9, 1));
}

TEST_CASE("a cancel gives the holds back, and only the order's user may cancel",
          "[actors][order]") {
  test::runtime_fixture f;
  open_shop(f, 100000);
  auto o = place(f, {{11, 3}});
  CHECK(option_shows(f, 7, 3));

  auto other =
      f.ask<order_row>(order_key(o), cancel_atom::value, std::int64_t{2}, receipt_ticket{});
  REQUIRE_FALSE(other);
  CHECK(other.error() == make_error(shop_error::forbidden));

  auto cancelled =
      f.ask<order_row>(order_key(o), cancel_atom::value, std::int64_t{1}, receipt_ticket{});
  REQUIRE(cancelled);
  CHECK(to_string(cancelled->status) == "CANCELLED");
  CHECK(committed_status(o.row.id) == "CANCELLED");
  CHECK(option_shows(f, 10, 0));

  auto pay = f.ask<payment_receipt>(order_key(o), pay_atom::value, std::int64_t{1}, std::int64_t{0},
                                    receipt_ticket{});
  REQUIRE_FALSE(pay);
  CHECK(pay.error() == make_error(shop_error::order_cancelled));
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == 100000);
}

TEST_CASE("a cancel that cannot reach one of its options changes nothing, and a repeat cancels",
          "[actors][order]") {
  test::runtime_fixture f;
  open_shop(f, 100000);
  auto o = place(f, {{11, 2}, {12, 1}});
  CHECK(option_shows(f, 8, 2));
  // Option 12's shard has no owner now. Were the cancel committed without it, the option's next
  // owner could load the order's hold while the cancel is on its way, and keep it for good.
  f.route_away(key_of(entity_kind::option, 12),
               {option_11, user_1, order_key(o), key_of(entity_kind::product, 1)});
  auto refused =
      f.ask<order_row>(order_key(o), cancel_atom::value, std::int64_t{1}, receipt_ticket{});
  REQUIRE_FALSE(refused);
  CHECK(refused.error() == make_error(shop_error::unavailable));
  CHECK(committed_status(o.row.id) == "PENDING");
  CHECK(option_shows(f, 8, 2));  // option 11's release was undone: it holds the line again
  CHECK(test::query_int("SELECT reserved_stock FROM product_options WHERE id = 12") == 1);
  CHECK(f.rt->ctx.journal.gate->outstanding == 0);  // no write admitted and left behind

  f.route_all_here();
  auto cancelled =
      f.ask<order_row>(order_key(o), cancel_atom::value, std::int64_t{1}, receipt_ticket{});
  REQUIRE(cancelled);
  CHECK(committed_status(o.row.id) == "CANCELLED");
  CHECK(option_shows(f, 10, 0));
  auto twelve = f.ask<option_row>(key_of(entity_kind::option, 12), view_atom::value);
  REQUIRE(twelve);
  CHECK(twelve->stock == 10);
  CHECK(twelve->reserved_stock == 0);
}

TEST_CASE("an order expires at the end of its hold, not before, and gives its holds back",
          "[actors][order]") {
  test::runtime_fixture f;
  f.opts.order_hold_ttl = std::chrono::milliseconds(600);
  f.restart();
  open_shop(f, 100000);
  auto o = place(f, {{11, 2}});
  CHECK(o.row.expires_at_ms == o.row.created_at_ms + 600);

  // Before the deadline an expiry (the sweep's) does nothing.
  auto early = f.ask<bool>(order_key(o), expire_atom::value);
  REQUIRE(early);
  if (wall_clock_ms() < o.row.expires_at_ms) {
    CHECK_FALSE(*early);
    CHECK(to_string(f.ask<order_record>(order_key(o), view_atom::value)->row.status) == "PENDING");
  }

  // The order's own alarm expires it once the hold ends.
  std::int64_t seen_at = 0;
  REQUIRE(test::wait_until(
      [&] {
        auto v = f.ask<order_record>(order_key(o), view_atom::value);
        seen_at = wall_clock_ms();
        return v && to_string(v->row.status) == "EXPIRED";
      },
      std::chrono::seconds(5), std::chrono::milliseconds(5)));
  CHECK(seen_at >= o.row.expires_at_ms);
  CHECK(committed_status(o.row.id) == "EXPIRED");
  CHECK(option_shows(f, 10, 0));

  auto pay = f.ask<payment_receipt>(order_key(o), pay_atom::value, std::int64_t{1}, std::int64_t{0},
                                    receipt_ticket{});
  REQUIRE_FALSE(pay);
  CHECK(pay.error() == make_error(shop_error::order_expired));
  auto late = f.ask<bool>(order_key(o), expire_atom::value);
  REQUIRE(late);
  CHECK_FALSE(*late);  // already expired: not this call
}

TEST_CASE("a keyed order and a keyed payment act once, and their repeats answer the first reply",
          "[actors][order][idempotency]") {
  test::runtime_fixture f;
  open_shop(f, 100000);
  auto first = place(f, {{11, 2}}, "order-key");
  auto repeat = place(f, {{11, 2}}, "order-key");
  CHECK(repeat.row.id == first.row.id);
  CHECK(repeat.row.total_amount == first.row.total_amount);
  CHECK(test::query_int("SELECT COUNT(*) FROM orders") == 1);
  CHECK(option_shows(f, 8, 2));

  auto pay = [&] {
    return f.ask<payment_receipt>(user_1, pay_atom::value, first.row.id, std::int64_t{0},
                                  std::string{"pay-key"});
  };
  auto paid = pay();
  REQUIRE(paid);
  CHECK(to_string(paid->order.status) == "PAID");
  CHECK(paid->balance == 22000);
  auto paid_again = pay();
  REQUIRE(paid_again);
  CHECK(to_string(paid_again->order.status) == "PAID");
  CHECK(paid_again->balance == 22000);
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == 22000);

  // The same key for another request is refused; after a restart the record still answers.
  auto other = f.ask<order_record>(user_1, place_order_atom::value,
                                   std::vector<order_line>{{12, 1}}, std::string{"order-key"});
  REQUIRE_FALSE(other);
  CHECK(other.error() == make_error(shop_error::idempotency_key_reused));
  f.restart();
  auto after_restart = pay();
  REQUIRE(after_restart);
  CHECK(after_restart->balance == 22000);
  CHECK(after_restart->order.id == first.row.id);
}
