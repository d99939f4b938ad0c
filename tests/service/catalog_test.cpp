// The catalog through the service, without HTTP: ids taken for a new product, changes, stock.
#include "service/catalog.hpp"

#include <catch2/catch.hpp>

#include "actors/shop_error.hpp"
#include "tests/support/service_fixture.hpp"

using namespace shop;
using model::option_row;
using model::product_page;

TEST_CASE("a new product takes its id and consecutive option ids", "[service][catalog]") {
  test::service_fixture f;
  auto p = f.new_shirt(10);
  CHECK(p.product.id >= 1);
  REQUIRE(p.options.size() == 2);
  CHECK(p.options[1].id == p.options[0].id + 1);
  for (const auto& o : p.options) CHECK(o.product_id == p.product.id);
  auto seen = f.call<product_view>(
      [&](auto done) { service::product_detail(f.shop(), p.product.id, done); });
  REQUIRE(seen);
  CHECK(seen->product.name == "Linen shirt");
  CHECK(seen->options.size() == 2);
  CHECK(f.new_shirt(1).product.id != p.product.id);
}

TEST_CASE("a product's changes and its options' stock go through their actors",
          "[service][catalog]") {
  test::service_fixture f;
  auto p = f.new_shirt(10);
  product_changes c;
  c.price = 41000;
  auto changed = f.call<product_view>(
      [&](auto done) { service::update_product(f.shop(), p.product.id, c, done); });
  REQUIRE(changed);
  CHECK(changed->product.price == 41000);
  CHECK(changed->product.name == "Linen shirt");

  auto m = p.options[0].id;
  auto restocked =
      f.call<option_row>([&](auto done) { service::adjust_stock(f.shop(), m, 5, done); });
  REQUIRE(restocked);
  CHECK(restocked->stock == 15);
  auto too_much =
      f.call<option_row>([&](auto done) { service::adjust_stock(f.shop(), m, -16, done); });
  REQUIRE_FALSE(too_much);
  CHECK(too_much.error() == make_error(shop_error::insufficient_stock));

  auto missing =
      f.call<product_view>([&](auto done) { service::product_detail(f.shop(), 999, done); });
  REQUIRE_FALSE(missing);
  CHECK(missing.error() == make_error(shop_error::product_not_found));
}

TEST_CASE("the product list is read from the database", "[service][catalog]") {
  test::service_fixture f;
  auto p = f.new_shirt(10);
  f.new_shirt(10);
  model::product_query q{"apparel", model::product_sort::newest, 0, 1};
  auto page = f.call<product_page>([&](auto done) { service::list_products(f.shop(), q, done); });
  REQUIRE(page);
  CHECK(page->total == 2);
  REQUIRE(page->items.size() == 1);
  CHECK(page->items[0].id != p.product.id);  // newest first
  q.category = "shoes";
  auto none = f.call<product_page>([&](auto done) { service::list_products(f.shop(), q, done); });
  REQUIRE(none);
  CHECK(none->total == 0);
}
