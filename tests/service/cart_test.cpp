// The cart through the service, without HTTP.
#include "service/cart.hpp"

#include <catch2/catch.hpp>

#include "actors/shop_error.hpp"
#include "tests/support/service_fixture.hpp"

using namespace shop;
using model::cart_item_row;

TEST_CASE("cart lines are added, shown with prices and removed", "[service][cart]") {
  test::service_fixture f;
  auto kim = f.new_user(0);
  auto shirt = f.new_shirt(10);
  auto l = shirt.options[1].id;
  auto add = [&](std::int64_t quantity) {
    return f.call<cart_item_row>(
        [&](auto done) { service::add_to_cart(f.shop(), kim.id, l, quantity, done); });
  };
  auto line = add(2);
  REQUIRE(line);
  CHECK(add(1)->quantity == 3);  // merged into the line
  auto too_many = add(8);
  REQUIRE_FALSE(too_many);
  CHECK(too_many.error() == make_error(shop_error::insufficient_stock));

  auto cart = f.call<cart_view>([&](auto done) { service::view_cart(f.shop(), kim.id, done); });
  REQUIRE(cart);
  REQUIRE(cart->items.size() == 1);
  CHECK(cart->items[0].unit_price == 40000);
  CHECK(cart->total == 120000);

  auto removed = f.call<caf::ok_atom>(
      [&](auto done) { service::remove_from_cart(f.shop(), kim.id, line->id, done); });
  CHECK(removed);
  auto again = f.call<caf::ok_atom>(
      [&](auto done) { service::remove_from_cart(f.shop(), kim.id, line->id, done); });
  REQUIRE_FALSE(again);
  CHECK(again.error() == make_error(shop_error::cart_item_not_found));
}
