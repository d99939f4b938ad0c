// Product actors through the actor system and the real database.
#include "actors/entities/product_actor.hpp"

#include <catch2/catch.hpp>
#include <chrono>

#include "actors/shop_error.hpp"
#include "tests/support/runtime_fixture.hpp"
#include "tests/support/wait_until.hpp"

using namespace shop;
using model::option_row;

namespace {

const entity_key product_1 = key_of(entity_kind::product, 1);

// Option 2 costs 500 less than the product: a price below 500 would make it cost less than 0.
product_draft shirt() {
  return {{1, "shirt", "", "apparel", 1000, true, 0, 1},
          {{1, 1, "M", 0, 4, 0, 1}, {2, 1, "L", -500, 6, 0, 1}}};
}

product_changes price(std::int64_t p) {
  product_changes c;
  c.price = p;
  return c;
}

// Restocks an option by one unit, retrying while it still answers an earlier failed read (an
// activation's error stays cached for absent_ttl, 1 s).
bool restock_eventually(test::runtime_fixture& f, std::int64_t option_id) {
  return test::wait_until(
      [&] {
        return static_cast<bool>(f.ask<option_row>(key_of(entity_kind::option, option_id),
                                                   adjust_stock_atom::value, std::int64_t{1}));
      },
      std::chrono::seconds(5), std::chrono::milliseconds(50));
}

}  // namespace

TEST_CASE("the product view gathers live stock from its option actors", "[actors][product]") {
  test::runtime_fixture f;
  REQUIRE(f.ask<product_view>(product_1, create_atom::value, shirt()));
  REQUIRE(f.ask<option_row>(key_of(entity_kind::option, 2), adjust_stock_atom::value,
                            std::int64_t{-1}));
  auto v = f.ask<product_view>(product_1, view_atom::value);
  REQUIRE(v);
  REQUIRE(v->options.size() == 2);
  CHECK(v->options[0].stock == 4);
  CHECK(v->options[1].stock == 5);
}

TEST_CASE("a report from an earlier activation of an option never replaces what a later one said",
          "[actors][product]") {
  test::runtime_fixture f;
  REQUIRE(f.ask<product_view>(product_1, create_atom::value, shirt()));
  REQUIRE(f.ask<option_row>(key_of(entity_kind::option, 1), view_atom::value));
  // The product goes (its node lost its shard) while its options stay live: its next activation
  // learns their figures from its first ask alone.
  auto before = f.incarnation(product_1);
  caf::anon_send_exit(before, caf::exit_reason::user_shutdown);
  REQUIRE(f.wait_reloaded(product_1, before));
  // A late report of an incarnation of option 1 older than the one just asked (a node that lost
  // the option's shard), with a higher version.
  caf::scoped_actor self{f.sys};
  self->send(
      f.rt->ctx.registry.shard_for(product_1),
      entity_registry::routed(product_1, option_changed_atom::value,
                              option_row{1, 1, "M", 0, 999, 0, 1000}, option_incarnation{0, 1}));
  auto v = f.ask<product_view>(product_1, view_atom::value);
  REQUIRE(v);
  REQUIRE(v->options.size() == 2);
  CHECK(v->options[0].stock == 4);
}

TEST_CASE("options that could not be read are hidden and block price changes until they report",
          "[actors][product]") {
  test::runtime_fixture f;
  REQUIRE(f.ask<product_view>(product_1, create_atom::value, shirt()));
  f.restart();  // the product and its options activate again from the database
  // An option's activation reads its sales totals; without the table every option read fails,
  // while the product's own read does not touch it.
  test::execute("RENAME TABLE option_sales TO option_sales_away");
  auto v = f.ask<product_view>(product_1, view_atom::value);
  test::execute("RENAME TABLE option_sales_away TO option_sales");
  REQUIRE(v);
  CHECK(v->product.name == "shirt");
  CHECK(v->options.empty());

  // Without option 2's additional price a new price cannot be judged; other fields can change.
  auto refused = f.ask<product_view>(product_1, update_atom::value, price(400));
  REQUIRE_FALSE(refused);
  CHECK(refused.error() == make_error(shop_error::unavailable));
  product_changes rename;
  rename.name = "tee";
  auto renamed = f.ask<product_view>(product_1, update_atom::value, rename);
  REQUIRE(renamed);
  CHECK(renamed->product.name == "tee");
  CHECK(renamed->product.price == 1000);

  // A restock loads option 2 from its row and reports it; option 1 is still unknown.
  REQUIRE(restock_eventually(f, 2));
  v = f.ask<product_view>(product_1, view_atom::value);
  REQUIRE(v);
  REQUIRE(v->options.size() == 1);
  CHECK(v->options[0].id == 2);
  CHECK(v->options[0].stock == 7);
  refused = f.ask<product_view>(product_1, update_atom::value, price(2000));
  REQUIRE_FALSE(refused);
  CHECK(refused.error() == make_error(shop_error::unavailable));

  // Both known: the price rule judges against the reported rows.
  REQUIRE(restock_eventually(f, 1));
  refused = f.ask<product_view>(product_1, update_atom::value, price(400));
  REQUIRE_FALSE(refused);
  CHECK(refused.error() == make_error(shop_error::invalid_argument));
  auto changed = f.ask<product_view>(product_1, update_atom::value, price(2000));
  REQUIRE(changed);
  CHECK(changed->product.price == 2000);
  CHECK(changed->options.size() == 2);
  CHECK(test::query_int("SELECT price FROM products WHERE id = 1") == 2000);
}
