// The popularity snapshot through the service.
#include "service/popularity.hpp"

#include <catch2/catch.hpp>

#include "actors/hosting/clock.hpp"
#include "service/orders.hpp"
#include "tests/support/service_fixture.hpp"

using namespace shop;
using model::popularity_snapshot;

TEST_CASE("a run on demand ranks what was sold and becomes the newest snapshot",
          "[service][popularity]") {
  test::service_fixture f;
  auto kim = f.new_user(100000);
  auto shirt = f.new_shirt(10);
  auto o = f.call<model::order_record>([&](auto done) {
    service::place_order(f.shop(), kim.id, {{shirt.options[0].id, 2}}, "", done);
  });
  REQUIRE(o);
  REQUIRE(f.call<payment_receipt>(
      [&](auto done) { service::pay_order(f.shop(), o->row.id, kim.id, 0, "", done); }));

  auto run = f.call<popularity_snapshot>(
      [&](auto done) { service::run_popularity_snapshot(f.shop(), wall_clock_ms() + 1000, done); });
  REQUIRE(run);
  CHECK(run->header.id != 0);
  REQUIRE(run->items.size() == 1);
  CHECK(run->items[0].sales.product_id == shirt.product.id);
  CHECK(run->items[0].sales.sold_quantity == 2);
  auto top = f.call<popularity_snapshot>([&](auto done) { service::top_products(f.shop(), done); });
  REQUIRE(top);
  CHECK(top->header.id == run->header.id);
}
