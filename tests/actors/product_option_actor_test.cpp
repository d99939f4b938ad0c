// Product-option actors through the actor system and the real database.
#include "actors/product_option_actor.hpp"

#include <catch2/catch.hpp>

#include "actors/shop_error.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace shop;
using persistence::option_row;

namespace {

product_draft shirt(std::int64_t stock) {
  return {{1, "shirt", "", "apparel", 1000, true, 0, 1}, {{1, 1, "M", 0, stock, 0, 1}}};
}

const entity_key option_1 = key_of(entity_kind::option, 1);

}  // namespace

TEST_CASE("concurrent restocks are serialized by the option actor and none is lost",
          "[actors][option]") {
  test::runtime_fixture f;
  REQUIRE(f.ask<product_view>(key_of(entity_kind::product, 1), create_atom::value, shirt(5)));
  constexpr int n = 400;
  caf::scoped_actor self{f.sys};
  const auto& shard = f.rt->ctx.registry.shard_for(option_1);
  std::vector<decltype(self->request(shard, caf::infinite, caf::message{}))> pending;
  for (int i = 0; i < n; ++i)
    pending.push_back(self->request(
        shard, caf::infinite,
        entity_registry::routed(option_1, adjust_stock_atom::value, std::int64_t{1})));
  int acked = 0;
  for (auto& h : pending) h.receive([&](option_row&) { ++acked; }, [](caf::error&) {});
  CHECK(acked == n);
  auto now = f.ask<option_row>(option_1, view_atom::value);
  REQUIRE(now);
  CHECK(now->stock == 5 + n);
  // Every acknowledged restock was committed before it was acknowledged.
  CHECK(test::query_int("SELECT stock FROM product_options WHERE id = 1") == 5 + n);
}

TEST_CASE("a write-off below zero is refused and changes nothing", "[actors][option]") {
  test::runtime_fixture f;
  REQUIRE(f.ask<product_view>(key_of(entity_kind::product, 1), create_atom::value, shirt(3)));
  auto r = f.ask<option_row>(option_1, adjust_stock_atom::value, std::int64_t{-4});
  REQUIRE_FALSE(r);
  CHECK(r.error() == make_error(shop_error::insufficient_stock));
  CHECK(f.ask<option_row>(option_1, view_atom::value)->stock == 3);
  CHECK(test::query_int("SELECT version FROM product_options WHERE id = 1") == 1);
}

TEST_CASE("an unknown option answers OPTION_NOT_FOUND", "[actors][option]") {
  test::runtime_fixture f;
  auto r = f.ask<option_row>(key_of(entity_kind::option, 404), view_atom::value);
  REQUIRE_FALSE(r);
  CHECK(r.error() == make_error(shop_error::option_not_found));
}

TEST_CASE("the product view gathers live stock from its option actors", "[actors][product]") {
  test::runtime_fixture f;
  product_draft d{{1, "shirt", "", "apparel", 1000, true, 0, 1},
                  {{1, 1, "M", 0, 4, 0, 1}, {2, 1, "L", 500, 6, 0, 1}}};
  REQUIRE(f.ask<product_view>(key_of(entity_kind::product, 1), create_atom::value, d));
  REQUIRE(f.ask<option_row>(key_of(entity_kind::option, 2), adjust_stock_atom::value,
                            std::int64_t{-1}));
  auto v = f.ask<product_view>(key_of(entity_kind::product, 1), view_atom::value);
  REQUIRE(v);
  REQUIRE(v->options.size() == 2);
  CHECK(v->options[0].stock == 4);
  CHECK(v->options[1].stock == 5);
}
