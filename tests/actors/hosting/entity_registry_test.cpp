// Activation and passivation of entities through the registry, against the real database.
#include "actors/hosting/entity_registry.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <random>
#include <thread>

#include "actors/cluster/routing_table.hpp"
#include "actors/entities/product_option_actor.hpp"
#include "actors/hosting/entity_inspection.hpp"
#include "actors/shop_error.hpp"
#include "tests/support/runtime_fixture.hpp"
#include "tests/support/wait_until.hpp"

using namespace shop;
using model::option_row;

TEST_CASE("an entity is activated from its committed row on first use", "[actors][registry]") {
  test::runtime_fixture f;
  test::execute(
      "INSERT INTO product_options (id, product_id, name, additional_price, stock, "
      "reserved_stock, received, version) VALUES (5, 1, 'XL', 200, 17, 0, 17, 4)");
  CHECK(f.live(entity_kind::option).empty());
  auto row = f.ask<option_row>(key_of(entity_kind::option, 5), view_atom::value);
  REQUIRE(row);
  CHECK(row->name == "XL");
  CHECK(row->stock == 17);
  CHECK(row->version == 4);
  CHECK(f.live(entity_kind::option) == std::vector<std::int64_t>{5});
}

TEST_CASE(
    "an option derives stock and held units from the committed orders and sales, not the "
    "cached figures",
    "[actors][registry][orders]") {
  test::runtime_fixture f;
  // Cached figures that disagree with the orders (a unit carrying another order's hold landed,
  // that order's unit did not).
  test::execute(
      "INSERT INTO product_options (id, product_id, name, additional_price, stock, "
      "reserved_stock, received, version) VALUES (5, 1, 'XL', 0, 99, 99, 20, 4)");
  test::execute(
      "INSERT INTO orders (id, user_id, status, total_amount, discount_amount, paid_amount, "
      "created_at, expires_at, version) VALUES "
      "(1, 1, 'PENDING', 0, 0, 0, NOW(3), NOW(3), 1), (2, 1, 'PAID', 0, 0, 0, NOW(3), NOW(3), 1),"
      "(3, 1, 'EXPIRED', 0, 0, 0, NOW(3), NOW(3), 1)");
  test::execute(
      "INSERT INTO order_items (id, order_id, product_id, product_option_id, product_name, "
      "option_name, unit_price, quantity, version) VALUES (1, 1, 1, 5, 'p', 'XL', 1, 3, 1),"
      "(2, 2, 1, 5, 'p', 'XL', 1, 2, 1), (3, 3, 1, 5, 'p', 'XL', 1, 5, 1)");
  // Units sold come from the sales totals, not from the PAID orders: 2 from order 2's payment,
  // 4 more folded from orders whose rows this test leaves out.
  test::execute(
      "INSERT INTO option_sales (option_id, order_id, product_id, sold) VALUES (5, 2, 1, 2),"
      " (5, 0, 1, 4)");
  auto row = f.ask<option_row>(key_of(entity_kind::option, 5), view_atom::value);
  REQUIRE(row);
  CHECK(row->reserved_stock == 3);  // the PENDING order
  CHECK(row->stock == 11);          // 20 received - 3 held - 6 sold; the EXPIRED order holds none
}

TEST_CASE("an idle entity passivates and comes back with its committed state",
          "[actors][registry]") {
  test::runtime_fixture f{std::chrono::milliseconds(100)};
  test::execute(
      "INSERT INTO product_options (id, product_id, name, additional_price, stock, "
      "reserved_stock, received, version) VALUES (5, 1, 'XL', 0, 10, 0, 10, 1)");
  REQUIRE(
      f.ask<option_row>(key_of(entity_kind::option, 5), adjust_stock_atom::value, std::int64_t{5}));
  CHECK(f.live(entity_kind::option).size() == 1);
  CHECK(f.wait_passivated(entity_kind::option));
  auto row = f.ask<option_row>(key_of(entity_kind::option, 5), view_atom::value);
  REQUIRE(row);
  CHECK(row->stock == 15);
}

TEST_CASE("writes racing passivation are never lost", "[actors][registry]") {
  // A short idle time makes the entity passivate and reactivate many times between writes; a
  // message that arrives while it drains must wait for the fresh activation.
  test::runtime_fixture f{std::chrono::milliseconds(10)};
  test::execute(
      "INSERT INTO product_options (id, product_id, name, additional_price, stock, "
      "reserved_stock, received, version) VALUES (5, 1, 'XL', 0, 0, 0, 0, 1)");
  constexpr int threads = 4;
  constexpr int per_thread = 40;
  constexpr int n = threads * per_thread;
  std::atomic<int> acked{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t)
    clients.emplace_back([&f, &acked, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      for (int i = 0; i < per_thread; ++i) {
        if (f.ask<option_row>(key_of(entity_kind::option, 5), adjust_stock_atom::value,
                              std::int64_t{1}))
          ++acked;
        std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 25));
      }
    });
  for (auto& c : clients) c.join();
  CHECK(acked == n);
  CHECK(f.ask<option_row>(key_of(entity_kind::option, 5), view_atom::value)->stock == n);
  CHECK(test::query_int("SELECT stock FROM product_options WHERE id = 5") == n);
}

namespace {

// Option 5 of the busy-passivation tests, spoken to through its shard with a scoped actor, the way
// an order does: the first answer names the option's actor, later `settled` go to it directly.
struct option_five {
  explicit option_five(test::runtime_fixture& f) : f(f), self(f.sys) {
    test::execute(
        "INSERT INTO product_options (id, product_id, name, additional_price, stock, "
        "reserved_stock, received, version) VALUES (5, 1, 'XL', 0, 10, 0, 10, 1)");
  }

  caf::expected<option_row> ask(caf::message msg,
                                std::chrono::seconds timeout = std::chrono::seconds(5)) {
    caf::expected<option_row> out{caf::error{}};
    self->request(shard, timeout, entity_registry::routed(k, std::move(msg)))
        .receive(
            [&](option_row& r) {
              actor = caf::actor_cast<caf::actor>(self->current_sender());
              out = std::move(r);
            },
            [&](caf::error& e) { out = std::move(e); });
    return out;
  }

  caf::expected<option_row> move(stock_move m, std::int64_t qty) {
    caf::expected<option_row> out{caf::error{}};
    self->request(shard, std::chrono::seconds(5),
                  entity_registry::routed(k, stock_move_atom::value, m, qty))
        .receive(
            [&](stock_moved& moved) {
              actor = caf::actor_cast<caf::actor>(self->current_sender());
              out = std::move(moved.row);
            },
            [&](caf::error& e) { out = std::move(e); });
    return out;
  }

  // The idle notice the option sent just before work reached it: the shard drains it.
  void idle_crossed_with_work() { caf::send_as(actor, shard, idle_atom::value, k); }

  test::runtime_fixture& f;
  entity_key k = key_of(entity_kind::option, 5);
  caf::actor shard = f.rt->ctx.registry.shard_for(k);
  caf::scoped_actor self;
  caf::actor actor;
};

}  // namespace

TEST_CASE("an entity busy when told to passivate stays live and takes the held messages",
          "[actors][registry]") {
  test::runtime_fixture f;
  option_five o{f};
  // A reserve opens an exchange at the option that only the order's `settled` closes.
  REQUIRE(o.move(stock_move::reserve, 2));
  REQUIRE(o.actor);
  o.idle_crossed_with_work();
  // A request for the same key now waits in the shard; the option must take it back rather
  // than wait for a `settled` that may depend on this very request.
  auto view = o.ask(caf::make_message(view_atom::value));
  REQUIRE(view);
  CHECK(view->reserved_stock == 2);  // the live actor answered, not a fresh load
  CHECK(f.live(entity_kind::option) == std::vector<std::int64_t>{5});
  o.self->send(o.actor, settled_atom::value, std::int64_t{0}, true);
  auto after = f.ask<option_row>(o.k, view_atom::value);
  REQUIRE(after);
  CHECK(after->stock == 8);
}

TEST_CASE("a notice sent while an entity drains reaches it when it revives", "[actors][registry]") {
  test::runtime_fixture f;
  option_five o{f};
  REQUIRE(o.move(stock_move::reserve, 2));  // an exchange only `settled` closes
  const auto first = o.actor;
  REQUIRE(first);
  o.idle_crossed_with_work();
  // Queued right behind the idle notice, so the shard has it while it drains the option, before
  // the option answers `passivate` with `revive` (a coupon's notice to its holder travels so): a
  // doubt naming the order of the open exchange, which settles it and makes the option reload.
  o.self->send(o.shard, entity_registry::routed_if_live(o.k, settled_atom::value, doubt_atom::value,
                                                        o.self->address()));
  CHECK(f.wait_reloaded(o.k, first));  // the doubt arrived
}

TEST_CASE("a one-way message for a shard without a reachable owner arrives once one is known",
          "[actors][registry]") {
  test::runtime_fixture f;
  const auto k = key_of(entity_kind::option, 5);
  f.route_away(k, {});
  // While a takeover is under way, an option's report to its product must not be lost: the
  // product would show stale figures until the option's next change.
  caf::scoped_actor self{f.sys};
  self->send(f.rt->ctx.registry.shard_for(k),
             entity_registry::routed(k, create_atom::value, option_row{5, 1, "M", 0, 7, 0, 1}));
  f.route_all_here();
  CHECK(test::wait_until(
      [&] {
        auto o = f.ask<option_row>(k, view_atom::value);
        return o && o->stock == 7;
      },
      std::chrono::seconds(5)));
}

TEST_CASE("a notice sent while an entity drains is dropped when it goes", "[actors][registry]") {
  test::runtime_fixture f;
  option_five o{f};
  REQUIRE(o.ask(caf::make_message(view_atom::value)));  // live, nothing in flight
  const auto first = o.actor;
  o.idle_crossed_with_work();
  o.self->send(o.shard, entity_registry::routed_if_live(o.k, settled_atom::value, doubt_atom::value,
                                                        o.self->address()));
  // Held in the shard: the option exits, and a fresh one answers it after loading its row.
  REQUIRE(o.ask(caf::make_message(view_atom::value)));
  const auto fresh = o.actor;
  CHECK(fresh != first);
  // The fresh option never saw the doubt: it would have reloaded at once (milliseconds).
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(f.incarnation(o.k) == fresh);
}

TEST_CASE("an entity that must reload but is busy takes the held messages and goes when done",
          "[actors][registry]") {
  test::runtime_fixture f;
  option_five o{f};
  REQUIRE(o.move(stock_move::reserve, 2));
  auto option = o.actor;
  REQUIRE(option);
  REQUIRE_FALSE(o.move(stock_move::release, 3));  // wrong figures: it must reload, two moves open
  o.idle_crossed_with_work();
  auto view = o.ask(caf::make_message(view_atom::value));
  REQUIRE(view);
  CHECK(view->reserved_stock == 2);  // still the live actor
  o.self->send(option, settled_atom::value, std::int64_t{0}, true);
  o.self->send(option, settled_atom::value, std::int64_t{0}, true);
  CHECK(f.wait_reloaded(o.k, option));
  auto after = f.ask<option_row>(o.k, view_atom::value);
  REQUIRE(after);
  CHECK(after->reserved_stock == 0);  // reloaded: no committed order holds any
  CHECK(after->stock == 10);
}

TEST_CASE("a handoff goes on without an entity that never passivates",
          "[actors][registry][cluster]") {
  test::runtime_fixture f;
  option_five o{f};
  // A reserve whose order never settles it (the order's node died): the option stays busy.
  REQUIRE(o.move(stock_move::reserve, 2));
  auto table = std::make_shared<cluster::routing_table>();
  table->self = "node-0";
  table->shards.resize(8, cluster::shard_route{"node-0", 1, true, {}});
  cluster::routing routes = table;
  for (const auto& shard : f.rt->ctx.registry.shards())
    o.self->send(shard, routing_atom::value, routes);
  std::vector<std::uint32_t> leaving{table->shard_of(o.k)};
  bool handed_over = false;
  o.self
      ->request(o.shard, std::chrono::seconds(60), handoff_atom::value, leaving,
                caf::timespan{std::chrono::milliseconds(200)})
      .receive([&](caf::ok_atom) { handed_over = true; }, [&](caf::error&) {});
  CHECK(handed_over);
  // The shard is still leaving: new work for the key is refused, not served by the busy option.
  auto view = o.ask(caf::make_message(view_atom::value));
  REQUIRE_FALSE(view);
  CHECK(view.error() == make_error(shop_error::unavailable));
}

TEST_CASE("a shard a peer fenced passivates its entities once their exchanges end",
          "[actors][registry][cluster]") {
  test::runtime_fixture f;
  option_five o{f};
  auto at_epoch = [&](std::int64_t epoch) {
    auto table = std::make_shared<cluster::routing_table>();
    table->self = "node-0";
    table->shards.assign(1, cluster::shard_route{"node-0", epoch, true, {}});
    f.send_routes(table);
  };
  at_epoch(1);
  REQUIRE(o.move(stock_move::reserve, 2));  // an exchange only its order's `settled` ends
  const auto first = o.actor;
  REQUIRE(first);
  o.self->monitor(first);
  at_epoch(2);  // still this node's shard: a peer lost contact with this node and fenced it
  bool down = false;
  auto wait_down = [&](std::chrono::milliseconds bound) {
    o.self->receive([&](caf::down_msg& dm) { down = dm.source == first.address(); },
                    caf::after(bound) >> [] {});
  };
  // Not stopped with its exchange open: its order's unit ends first (refused by the fence).
  wait_down(std::chrono::milliseconds(300));
  CHECK_FALSE(down);
  o.self->send(first, settled_atom::value, std::int64_t{0}, false);
  wait_down(std::chrono::milliseconds(5000));
  CHECK(down);
  auto view = o.ask(caf::make_message(view_atom::value));
  REQUIRE(view);
  CHECK(o.actor != first);
  CHECK(view->reserved_stock == 0);  // loaded from the committed rows: no order holds any
}

TEST_CASE("an unknown kind is refused", "[actors][registry]") {
  test::runtime_fixture f;
  auto r = f.ask<option_row>(entity_key{static_cast<entity_kind>(99), 1}, view_atom::value);
  REQUIRE_FALSE(r);
  CHECK(r.error() == make_error(shop_error::invalid_argument));
}

namespace {

// The child's part of the next test: returns an exit code only when the crash went unnoticed
// or a step failed; the crash itself ends the process with 70.
int passivate_then_kill(int steps) {
  auto step = [&](char c) { (void)!write(steps, &c, 1); };
  // Idle long enough that the option cannot passivate normally between its view and the kill.
  test::runtime_fixture f{std::chrono::seconds(1)};
  test::execute(
      "INSERT INTO product_options (id, product_id, name, additional_price, stock, "
      "reserved_stock, received, version) VALUES (5, 1, 'XL', 0, 10, 0, 10, 1)");
  const auto k = key_of(entity_kind::option, 5);
  if (!f.ask<option_row>(k, view_atom::value)) return 3;
  if (!f.wait_passivated(entity_kind::option)) return 4;
  step('p');  // passivated, and still running
  caf::actor option;
  {
    caf::scoped_actor self{f.sys};
    self->request(f.rt->ctx.registry.shard_for(k), caf::infinite,
                  entity_registry::routed(k, view_atom::value))
        .receive([&](option_row&) { option = caf::actor_cast<caf::actor>(self->current_sender()); },
                 [](caf::error&) {});
  }
  if (!option) return 5;
  step('k');
  caf::anon_send_exit(option, caf::exit_reason::kill);
  std::this_thread::sleep_for(std::chrono::seconds(10));
  return 0;  // still running: the crash went unnoticed
}

}  // namespace

TEST_CASE("an entity that dies abnormally ends the process, one that passivates does not",
          "[actors][registry][crash]") {
  // In a child process with the production crash handler (crash_watch.hpp). The child reports
  // each step on a pipe before the next, so the parent sees which one ended it.
  int steps[2];
  REQUIRE(pipe(steps) == 0);
  auto child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(steps[0]);
    int code = 2;  // an exception: never let the child run on into the rest of the suite
    try {
      code = passivate_then_kill(steps[1]);
    } catch (...) {
    }
    _exit(code);
  }
  close(steps[1]);
  std::string seen;
  char c;
  while (read(steps[0], &c, 1) == 1) seen += c;
  close(steps[0]);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(seen == "pk");
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 70);
}
