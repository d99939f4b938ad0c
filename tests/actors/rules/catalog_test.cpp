#include "actors/rules/catalog.hpp"

#include <catch2/catch.hpp>

using namespace shop::rules;
using shop::model::option_row;
using shop::model::product_row;

TEST_CASE("option price is product price plus additional price", "[rules][catalog]") {
  CHECK(option_price(39000, 0) == 39000);
  CHECK(option_price(39000, 1500) == 40500);
  CHECK(option_price(39000, -1000) == 38000);
}

TEST_CASE("a product's price may not push an option's price below zero", "[rules][catalog]") {
  std::vector<option_row> opts{{1, 1, "free", -1000, 4, 0, 1}, {2, 1, "M", 500, 6, 0, 1}};
  CHECK(price_covers_options(1000, opts));  // the free option costs exactly 0
  CHECK(price_covers_options(5000, opts));
  CHECK_FALSE(price_covers_options(999, opts));
  CHECK_FALSE(price_covers_options(0, opts));
  CHECK(price_covers_options(0, {}));
}

TEST_CASE("product stock sums orderable stock of its options", "[rules][catalog]") {
  std::vector<option_row> opts{{1, 1, "S", 0, 4, 9, 1}, {2, 1, "M", 0, 6, 0, 1}};
  CHECK(product_stock(opts) == 10);
  CHECK(product_stock({}) == 0);
}

TEST_CASE("apply_patch changes only given fields and bumps the version", "[rules][catalog]") {
  product_row row{1, "shirt", "d", "apparel", 1000, true, 0, 3};
  product_patch p;
  p.price = 2000;
  p.available = false;
  auto next = apply_patch(row, p);
  CHECK(next.price == 2000);
  CHECK_FALSE(next.available);
  CHECK(next.name == "shirt");
  CHECK(next.version == 4);
  SECTION("a patch that changes nothing keeps the version") {
    product_patch same;
    same.name = "shirt";
    CHECK(apply_patch(row, same).version == 3);
  }
}
