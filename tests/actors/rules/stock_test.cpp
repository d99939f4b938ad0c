#include "actors/rules/stock.hpp"

#include <catch2/catch.hpp>

using namespace shop::rules;

TEST_CASE("adjust_stock restocks and writes off, never below zero", "[rules][stock]") {
  auto up = adjust_stock({10, 2}, 5);
  REQUIRE(up);
  CHECK(up->stock == 15);
  CHECK(up->reserved == 2);
  auto down = adjust_stock({10, 2}, -10);
  REQUIRE(down);
  CHECK(down->stock == 0);
  CHECK_FALSE(adjust_stock({10, 2}, -11));
}

TEST_CASE("reserve_stock holds units only when enough are orderable", "[rules][stock]") {
  auto r = reserve_stock({10, 0}, 3);
  REQUIRE(r);
  CHECK(r->stock == 7);
  CHECK(r->reserved == 3);
  CHECK(reserve_stock({10, 0}, 10));
  CHECK_FALSE(reserve_stock({2, 0}, 5));
  CHECK_FALSE(reserve_stock({2, 0}, 0));
  CHECK_FALSE(reserve_stock({2, 0}, -1));
}

TEST_CASE("release and sell keep stock + reserved + sold constant", "[rules][stock]") {
  stock_levels s{7, 3};
  auto released = release_stock(s, 2);
  REQUIRE(released);
  CHECK(released->stock == 9);
  CHECK(released->reserved == 1);
  auto sold = sell_reserved(s, 3);
  REQUIRE(sold);
  CHECK(sold->stock == 7);
  CHECK(sold->reserved == 0);
}

TEST_CASE("a release or sale of more than is held is refused, not clamped", "[rules][stock]") {
  CHECK_FALSE(release_stock({7, 3}, 4));
  CHECK_FALSE(sell_reserved({7, 3}, 4));
  CHECK_FALSE(unreserve({7, 3}, 4));
  CHECK_FALSE(release_stock({7, 3}, 0));
}

TEST_CASE("released units are not orderable until the release committed", "[rules][stock]") {
  auto released = release_stock({0, 3}, 3);
  REQUIRE(released);
  CHECK(released->stock == 3);  // the row carries the final figure
  CHECK(orderable(*released) == 0);
  CHECK_FALSE(reserve_stock(*released, 1));
  CHECK_FALSE(adjust_stock(*released, -1));
  auto committed = settle_release(*released, 3, true);
  CHECK(orderable(committed) == 3);
  CHECK(reserve_stock(committed, 3));
}

TEST_CASE("a release whose unit failed holds the units again", "[rules][stock]") {
  auto released = release_stock({5, 3}, 2);
  REQUIRE(released);
  // Another order took what was orderable meanwhile; the released units were never among it.
  auto other = reserve_stock(*released, 5);
  REQUIRE(other);
  CHECK_FALSE(reserve_stock(*other, 1));
  auto back = settle_release(*other, 2, false);
  CHECK(back.stock == 0);
  CHECK(back.reserved == 8);  // 3 held again by the first order, 5 by the other
  CHECK(back.releasing == 0);
}

TEST_CASE("a reserve whose unit failed is orderable again at once", "[rules][stock]") {
  auto held = reserve_stock({5, 0}, 2);
  REQUIRE(held);
  auto back = unreserve(*held, 2);
  REQUIRE(back);
  CHECK(orderable(*back) == 5);
  CHECK(back->reserved == 0);
}

TEST_CASE("unsell holds again what a sale that did not commit took", "[rules][stock]") {
  auto sold = sell_reserved({7, 3}, 3);
  REQUIRE(sold);
  auto back = unsell(*sold, 3);
  CHECK(back.stock == 7);
  CHECK(back.reserved == 3);
}
