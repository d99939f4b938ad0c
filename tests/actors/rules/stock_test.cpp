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
  CHECK(released.stock == 9);
  CHECK(released.reserved == 1);
  auto sold = sell_reserved(s, 3);
  CHECK(sold.stock == 7);
  CHECK(sold.reserved == 0);
  // Never gives back more than is held.
  auto over = release_stock(s, 5);
  CHECK(over.stock == 10);
  CHECK(over.reserved == 0);
}

TEST_CASE("unsell holds again what a sale that did not commit took", "[rules][stock]") {
  auto sold = sell_reserved({7, 3}, 3);
  auto back = unsell(sold, 3);
  CHECK(back.stock == 7);
  CHECK(back.reserved == 3);
}
