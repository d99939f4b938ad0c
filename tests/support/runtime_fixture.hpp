// An actor system with the shop runtime on the real test database, and a blocking way to ask
// an entity something (tests only: production code never blocks on an actor).
#pragma once

#include <algorithm>
#include <caf/all.hpp>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "actors/cluster/routing_table.hpp"
#include "actors/messages.hpp"
#include "actors/shop_runtime.hpp"
#include "tests/support/test_database.hpp"
#include "tests/support/wait_until.hpp"

namespace shop::test {

struct runtime_fixture {
  explicit runtime_fixture(std::chrono::milliseconds idle_ttl = std::chrono::minutes(5)) {
    reset_database();
    persistence::init_driver();
    opts.db = test_db_params();
    opts.idle_ttl = idle_ttl;
    rt = start_runtime(sys, opts);
  }
  ~runtime_fixture() {
    if (rt) {
      rt->flush(std::chrono::seconds(30));
      rt->stop();
    }
  }

  // A new runtime on the same database: every entity activates again from its committed rows.
  void restart() {
    if (!rt->flush(std::chrono::seconds(30)))
      throw std::runtime_error("restart: writes still pending after 30 s");
    rt->stop();
    rt = start_runtime(sys, opts);
  }

  // Sends `xs...` to entity `k` and waits for the reply.
  template <class T, class... Ts>
  caf::expected<T> ask(const entity_key& k, Ts&&... xs) {
    caf::scoped_actor self{sys};
    caf::expected<T> out{caf::error{}};
    self->request(rt->ctx.registry.shard_for(k), caf::infinite,
                  entity_registry::routed(k, std::forward<Ts>(xs)...))
        .receive([&](T& x) { out = std::move(x); }, [&](caf::error& e) { out = std::move(e); });
    return out;
  }

  // The actor that answers for entity `k` now (activating it if need be); invalid if none does.
  caf::actor incarnation(const entity_key& k) {
    caf::scoped_actor self{sys};
    caf::actor out;
    self->request(rt->ctx.registry.shard_for(k), caf::infinite,
                  entity_registry::routed(k, inspect_atom::value))
        .receive([&](entity_report&) { out = caf::actor_cast<caf::actor>(self->current_sender()); },
                 [](caf::error&) {});
    return out;
  }

  // Waits (up to 5 s) until another actor than `before` answers for `k`: the entity passivated
  // and came back from its committed rows (entity_life::back_after_reload).
  bool wait_reloaded(const entity_key& k, const caf::actor& before) {
    return wait_until(
        [&] {
          auto now = incarnation(k);
          return now && now != before;
        },
        std::chrono::seconds(5));
  }

  // Routes every key here except `away`'s shard, which gets no owner (its node gone, a takeover
  // not done yet): the registry then refuses `away`'s requests with 503, as a node does while a
  // shard moves. The shard count is one that puts every key of `here` in another shard. Epoch 0:
  // no claims, so the journal fences nothing.
  void route_away(const entity_key& away, const std::vector<entity_key>& here) {
    auto table = std::make_shared<cluster::routing_table>();
    table->self = "node-0";
    for (std::size_t n = 2;; ++n) {
      table->shards.assign(n, cluster::shard_route{"node-0", 0, true, {}});
      auto apart = [&](const entity_key& k) { return table->shard_of(k) != table->shard_of(away); };
      if (std::all_of(here.begin(), here.end(), apart)) break;
    }
    auto& gone = table->shards[table->shard_of(away)];
    gone.owner.clear();
    gone.local = false;
    send_routes(table);
  }

  // Every key served here again.
  void route_all_here() {
    auto table = std::make_shared<cluster::routing_table>();
    table->self = "node-0";
    table->shards.assign(1, cluster::shard_route{"node-0", 0, true, {}});
    send_routes(table);
  }

  void send_routes(cluster::routing routes) {
    caf::scoped_actor self{sys};
    for (const auto& shard : rt->ctx.registry.shards())
      self->send(shard, routing_atom::value, routes);
  }

  // Ids of the live (activated) entities of `kind`, over all registry shards.
  std::vector<std::int64_t> live(entity_kind kind) {
    std::vector<std::int64_t> all;
    caf::scoped_actor self{sys};
    for (const auto& shard : rt->ctx.registry.shards())
      self->request(shard, caf::infinite, live_atom::value, kind)
          .receive(
              [&](std::vector<std::int64_t>& ids) {
                all.insert(all.end(), ids.begin(), ids.end());
              },
              [](caf::error&) {});
    return all;
  }

  // Waits (up to 5 s) until no entity of `kind` is live; true if they all passivated.
  bool wait_passivated(entity_kind kind) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!live(kind).empty() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return live(kind).empty();
  }

  caf::actor_system_config cfg = [] {
    caf::actor_system_config c;
    add_message_types(c);
    return c;
  }();
  caf::actor_system sys{cfg};
  runtime_options opts;
  std::unique_ptr<shop_runtime> rt;
};

}  // namespace shop::test
