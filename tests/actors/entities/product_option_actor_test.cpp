// Product-option actors through the actor system and the real database.
#include "actors/entities/product_option_actor.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "actors/entities/product_actor.hpp"
#include "actors/shop_error.hpp"
#include "tests/support/runtime_fixture.hpp"
#include "tests/support/wait_until.hpp"

using namespace shop;
using model::option_row;

namespace {

product_draft shirt(std::int64_t stock) {
  return {{1, "shirt", "", "apparel", 1000, true, 0, 1}, {{1, 1, "M", 0, stock, 0, 1}}};
}

const entity_key option_1 = key_of(entity_kind::option, 1);

// Creates the shirt with `stock` units in its one option; the option's live actor.
caf::actor live_shirt_option(test::runtime_fixture& f, std::int64_t stock) {
  REQUIRE(f.ask<product_view>(key_of(entity_kind::product, 1), create_atom::value, shirt(stock)));
  auto option = f.incarnation(option_1);
  REQUIRE(option);
  return option;
}

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

namespace {

// A move asked by `order`, which settles it later as an order does (the option watches the asker
// until then).
caf::expected<option_row> move(test::runtime_fixture& f, caf::scoped_actor& order, stock_move m,
                               std::int64_t qty) {
  caf::expected<option_row> out{caf::error{}};
  order
      ->request(f.rt->ctx.registry.shard_for(option_1), caf::infinite,
                entity_registry::routed(option_1, stock_move_atom::value, m, qty))
      .receive([&](stock_moved& x) { out = std::move(x.row); },
               [&](caf::error& e) { out = std::move(e); });
  return out;
}

}  // namespace

TEST_CASE(
    "units a release gives back are orderable only once its unit committed, and held "
    "again when it failed",
    "[actors][option][orders]") {
  test::runtime_fixture f;
  auto option = live_shirt_option(f, 10);
  caf::scoped_actor self{f.sys};
  REQUIRE(move(f, self, stock_move::reserve, 3));
  self->send(option, settled_atom::value, std::int64_t{0}, true);
  auto released = move(f, self, stock_move::release, 3);
  REQUIRE(released);
  CHECK(released->stock == 10);  // the image carries the final figures
  CHECK(released->reserved_stock == 0);
  auto seen = f.ask<option_row>(option_1, view_atom::value);
  REQUIRE(seen);
  CHECK(seen->stock == 7);  // what others see: only orderable units
  // Only the 7 that were never held are orderable while the release's unit is open.
  auto over = move(f, self, stock_move::reserve, 8);
  REQUIRE_FALSE(over);
  CHECK(over.error() == make_error(shop_error::insufficient_stock));
  REQUIRE(move(f, self, stock_move::reserve, 7));
  self->send(option, settled_atom::value, std::int64_t{0}, true);
  // The release's unit failed: the first order holds its 3 again.
  self->send(option, settled_atom::value, std::int64_t{3}, false);
  auto now = f.ask<option_row>(option_1, view_atom::value);
  REQUIRE(now);
  CHECK(now->stock == 0);
  CHECK(now->reserved_stock == 10);
  // Released again, and this time committed: orderable.
  REQUIRE(move(f, self, stock_move::release, 3));
  self->send(option, settled_atom::value, std::int64_t{3}, true);
  CHECK(move(f, self, stock_move::reserve, 3));
}

TEST_CASE(
    "a release or sale of more than the option holds is refused, and the option reloads "
    "after the order settled it",
    "[actors][option][orders]") {
  test::runtime_fixture f;
  auto option = live_shirt_option(f, 10);
  caf::scoped_actor self{f.sys};
  REQUIRE(move(f, self, stock_move::reserve, 2));  // never committed: no order row holds these
  self->send(option, settled_atom::value, std::int64_t{0}, true);
  auto release = move(f, self, stock_move::release, 3);
  REQUIRE_FALSE(release);
  CHECK(release.error() == make_error(shop_error::stock_out_of_step));
  // Until the order settles the refused release, the option stays (the order's unit may still
  // change the rows a reload would read) and takes no more moves.
  auto sell = move(f, self, stock_move::sell, 1);
  REQUIRE_FALSE(sell);
  CHECK(sell.error() == make_error(shop_error::stock_out_of_step));
  auto held = f.ask<option_row>(option_1, view_atom::value);
  REQUIRE(held);
  CHECK(held->reserved_stock == 2);
  self->send(option, settled_atom::value, std::int64_t{0}, true);  // the release's
  self->send(option, settled_atom::value, std::int64_t{0}, true);  // the sale's
  REQUIRE(f.wait_reloaded(option_1, option));
  // Reloaded from the committed rows: no order holds anything.
  auto now = f.ask<option_row>(option_1, view_atom::value);
  REQUIRE(now);
  CHECK(now->stock == 10);
  CHECK(now->reserved_stock == 0);
}

TEST_CASE(
    "a sale whose unit may or may not have committed makes the option reload the committed "
    "figures",
    "[actors][option][orders][cluster]") {
  test::runtime_fixture f;
  auto option = live_shirt_option(f, 10);
  caf::scoped_actor order{f.sys};
  REQUIRE(move(f, order, stock_move::reserve, 2));  // never committed: no order row holds these
  order->send(option, settled_atom::value, std::int64_t{0}, true);
  auto sold = move(f, order, stock_move::sell, 2);
  REQUIRE(sold);
  CHECK(sold->reserved_stock == 0);
  // The user's node that was to commit the payment stopped answering: in doubt.
  order->send(option, settled_atom::value, doubt_atom::value, order->address());
  REQUIRE(f.wait_reloaded(option_1, option));
  // Reloaded from the database, where neither the hold nor the sale was committed.
  auto now = f.ask<option_row>(option_1, view_atom::value);
  REQUIRE(now);
  CHECK(now->stock == 10);
  CHECK(now->reserved_stock == 0);
}

TEST_CASE(
    "a settle from an order with no move here leaves the other orders' moves open, and a "
    "doubt reloads after them",
    "[actors][option][orders][cluster]") {
  test::runtime_fixture f;
  auto option = live_shirt_option(f, 10);
  caf::scoped_actor order{f.sys};
  REQUIRE(move(f, order, stock_move::reserve, 3));  // its unit is on its way
  // Orders whose moves reached an earlier activation (or whose answer was lost with a node) settle
  // here too: a release's and a reserve's settle sent straight, and a doubt.
  caf::scoped_actor stranger{f.sys};
  stranger->send(option, settled_atom::value, std::int64_t{2}, true);
  stranger->send(option, settled_atom::value, std::int64_t{0}, true);
  stranger->send(option, settled_atom::value, doubt_atom::value, stranger->address());
  // Reloading now would read rows without the first order's hold, which its unit then commits.
  // A stray settle reloads at once (milliseconds) when it ends the open exchange.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(f.incarnation(option_1) == option);
  auto held = f.ask<option_row>(option_1, view_atom::value);
  REQUIRE(held);
  CHECK(held->reserved_stock == 3);
  CHECK(held->stock == 7);
  // The doubt asked for a reload: it comes once the first order's unit ended.
  order->send(option, settled_atom::value, std::int64_t{0}, true);
  REQUIRE(f.wait_reloaded(option_1, option));
}

TEST_CASE("a doubt that comes through the registry settles the move of the order it names",
          "[actors][option][orders][cluster]") {
  test::runtime_fixture f;
  auto option = live_shirt_option(f, 10);
  caf::scoped_actor order{f.sys};
  REQUIRE(move(f, order, stock_move::reserve, 2));  // a move whose answer the order then lost
  // Its node's forward failed, so the order cannot address this option: its doubt goes through
  // the registry, whose shard is the sender the option sees.
  order->send(f.rt->ctx.registry.shard_for(option_1),
              entity_registry::routed_if_live(option_1, settled_atom::value, doubt_atom::value,
                                              order->address()));
  // The named order's move is settled and the option reloads, rather than waiting for a settle
  // that order will never send.
  REQUIRE(f.wait_reloaded(option_1, option));
}

TEST_CASE(
    "a node that lost its connection here: the options stop waiting for its orders' "
    "settles and reload, and wait on for other nodes' orders",
    "[actors][option][orders][cluster]") {
  test::runtime_fixture f;
  auto option = live_shirt_option(f, 10);
  caf::scoped_actor order{f.sys};
  REQUIRE(move(f, order, stock_move::reserve, 2));  // its `settled` was dropped with the route
  // A loss of another node's connection leaves this node's orders' moves open.
  auto elsewhere = caf::make_node_id(42, "0123456789012345678901234567890123456789");
  REQUIRE(elsewhere);
  order->send(f.rt->ctx.registry.shard_for(option_1), peer_lost_atom::value, *elsewhere);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(f.incarnation(option_1) == option);
  // The node of the order (here this one: a lone runtime fences nothing) came back unseen: the
  // registry tells its options, which forget the move rather than wait for ever, and reload.
  order->send(f.rt->ctx.registry.shard_for(option_1), peer_lost_atom::value, f.sys.node());
  REQUIRE(f.wait_reloaded(option_1, option));
  // Reloaded from the database, where the hold was never committed.
  auto now = f.ask<option_row>(option_1, view_atom::value);
  REQUIRE(now);
  CHECK(now->reserved_stock == 0);
  CHECK(now->stock == 10);
}

TEST_CASE("an unknown option answers OPTION_NOT_FOUND", "[actors][option]") {
  test::runtime_fixture f;
  auto r = f.ask<option_row>(key_of(entity_kind::option, 404), view_atom::value);
  REQUIRE_FALSE(r);
  CHECK(r.error() == make_error(shop_error::option_not_found));
}

TEST_CASE(
    "an order that goes down before it settled its move (its node died) leaves the option to "
    "reload its committed rows",
    "[actors][option][orders]") {
  test::runtime_fixture f;
  REQUIRE(f.ask<product_view>(key_of(entity_kind::product, 1), create_atom::value, shirt(10)));
  auto option = f.incarnation(option_1);
  {
    caf::scoped_actor order{f.sys};
    REQUIRE(move(f, order, stock_move::reserve, 4));  // its unit never commits
    auto held = f.ask<option_row>(option_1, view_atom::value);
    REQUIRE(held);
    CHECK(held->reserved_stock == 4);
  }  // the order ends without `settled`
  REQUIRE(f.wait_reloaded(option_1, option));
  auto now = f.ask<option_row>(option_1, view_atom::value);
  REQUIRE(now);
  CHECK(now->stock == 10);
  CHECK(now->reserved_stock == 0);
}

TEST_CASE(
    "an option that reloads after its order died writes the derived figures back and its "
    "product shows them",
    "[actors][option][orders][cluster]") {
  test::runtime_fixture f;
  const auto product_1 = key_of(entity_kind::product, 1);
  REQUIRE(f.ask<product_view>(product_1, create_atom::value, shirt(10)));
  {
    caf::scoped_actor order{f.sys};
    REQUIRE(move(f, order, stock_move::reserve, 4));  // its unit never commits
    // A restock commits the option's row with that hold in it.
    REQUIRE(f.ask<option_row>(option_1, adjust_stock_atom::value, std::int64_t{1}));
    CHECK(test::query_int("SELECT reserved_stock FROM product_options WHERE id = 1") == 4);
  }  // the order ends without `settled`
  // Nobody asks the option from here on: it comes back by itself, writes its figures back and
  // tells its product.
  CHECK(test::wait_until(
      [] {
        return test::query_int("SELECT reserved_stock FROM product_options WHERE id = 1") == 0 &&
               test::query_int("SELECT stock FROM product_options WHERE id = 1") == 11;
      },
      std::chrono::seconds(5)));
  // The product, live all along, had the hold reported; the reload replaces it.
  CHECK(test::wait_until(
      [&] {
        auto v = f.ask<product_view>(product_1, view_atom::value);
        return v && v->options.size() == 1 && v->options[0].reserved_stock == 0 &&
               v->options[0].stock == 11;
      },
      std::chrono::seconds(5)));
}
