#include "actors/rules/cart.hpp"

#include <catch2/catch.hpp>

using namespace shop::rules;
using shop::shop_error;

TEST_CASE("adding to a cart line merges into its quantity", "[rules][cart]") {
  CHECK(*merge_cart_quantity(0, 3, 10) == 3);
  CHECK(*merge_cart_quantity(3, 2, 10) == 5);
  CHECK(*merge_cart_quantity(3, 7, 10) == 10);
}

TEST_CASE("a cart line never holds more than the option's live stock", "[rules][cart]") {
  CHECK(merge_cart_quantity(3, 8, 10).error() == shop_error::insufficient_stock);
  CHECK(merge_cart_quantity(0, 1, 0).error() == shop_error::insufficient_stock);
}

TEST_CASE("quantities are 1..10,000, also after merging", "[rules][cart]") {
  CHECK(merge_cart_quantity(0, 0, 10).error() == shop_error::invalid_quantity);
  CHECK(merge_cart_quantity(0, -1, 10).error() == shop_error::invalid_quantity);
  CHECK(merge_cart_quantity(0, max_line_quantity + 1, 1'000'000).error() ==
        shop_error::invalid_quantity);
  CHECK(*merge_cart_quantity(0, max_line_quantity, 1'000'000) == max_line_quantity);
  CHECK(merge_cart_quantity(max_line_quantity, 1, 1'000'000).error() ==
        shop_error::invalid_quantity);
}

TEST_CASE("a cart holds at most 100 lines", "[rules][cart]") {
  CHECK(cart_has_room(0));
  CHECK(cart_has_room(max_cart_lines - 1));
  CHECK_FALSE(cart_has_room(max_cart_lines));
}

TEST_CASE("a line's subtotal is unit price times quantity", "[rules][cart]") {
  CHECK(line_subtotal(39000, 3) == 117000);
  CHECK(line_subtotal(1'000'000'000'000, max_line_quantity) == 10'000'000'000'000'000);
}
