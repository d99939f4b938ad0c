#include "actors/jobs/order_sweeper.hpp"

#include <spdlog/spdlog.h>

#include <caf/all.hpp>
#include <memory>

#include "actors/cluster/routing_table.hpp"
#include "actors/entities/order_actor.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/hosting/gather.hpp"
#include "model/reader_protocol.hpp"

namespace shop {
namespace {

using sweep_tick_atom = caf::atom_constant<caf::atom("sweeptick")>;

constexpr std::int64_t sweep_batch = 1000;  // orders per sweep; the next sweep takes the rest
// An order that does not answer in time counts as not expired, so one stuck order cannot stop
// every later sweep (the next sweep asks it again).
constexpr std::chrono::seconds expire_timeout{30};

struct sweeper_state {
  cluster::routing routes;  // null: a lone node sweeps every order
  static inline const char* name = "order_sweeper";
};

using sweeper_actor = caf::stateful_actor<sweeper_state>;

// In a cluster each node sweeps the orders of the shards it owns: once per shop, not per node.
bool mine(const sweeper_actor* self, std::int64_t order) {
  return cluster::owns(self->state.routes, key_of(entity_kind::order, order));
}

// Reads the PENDING orders whose hold ends before `until` and asks each of this node's to
// expire (one whose hold has not ended only activates, which arms its alarm); `done(n)` with how
// many expired.
void sweep(sweeper_actor* self, const entity_context& ctx, std::int64_t until,
           std::function<void(std::int64_t)> done) {
  self->request(ctx.readers, ctx.load_timeout, model::overdue_orders_atom::value, until,
                sweep_batch)
      .then(
          [self, ctx, done](std::vector<std::int64_t>& all) {
            std::vector<std::int64_t> ids;
            for (auto id : all)
              if (mine(self, id)) ids.push_back(id);
            auto g = gather<std::int64_t>::start(ids.size(), 0,
                                                 [done](std::int64_t& expired) { done(expired); });
            for (auto id : ids) {
              auto one = [g](bool expired) {
                g->value += expired ? 1 : 0;
                g->arrived();
              };
              ctx.registry.request<order_actor>(self, id, expire_timeout, expire_atom::value)
                  .then(one, [one](caf::error&) { one(false); });
            }
          },
          [done](caf::error& e) {
            spdlog::warn("order sweep: could not read overdue orders: {}", to_string(e));
            done(0);
          });
}

caf::behavior order_sweeper(sweeper_actor* self, entity_context ctx,
                            std::chrono::milliseconds interval) {
  self->send(self, sweep_tick_atom::value);  // at start: holds that ended while the shop was down
  return {
      // The shards this node owns changed. Holds are absolute times in the database: the PENDING
      // orders of shards just taken are activated, so each hold ends at its deadline here.
      [=](routing_atom, cluster::routing& routes) {
        auto before = std::move(self->state.routes);
        self->state.routes = std::move(routes);
        bool gained = false;
        for (auto s : self->state.routes->owned())
          gained = gained || !before || !before->shards[s].local;
        if (!gained) return;
        auto far = wall_clock_ms() + ctx.order_hold_ttl.count() + 3600000;
        sweep(self, ctx, far, [](std::int64_t n) {
          if (n > 0) spdlog::info("order sweep: {} orders of shards taken over expired", n);
        });
      },
      [=](sweep_tick_atom) {
        sweep(self, ctx, wall_clock_ms(), [self, interval](std::int64_t n) {
          if (n > 0) spdlog::info("order sweep expired {} orders", n);
          self->delayed_send(self, interval, sweep_tick_atom::value);
        });
      },
      [=](sweep_atom) -> caf::result<std::int64_t> {
        auto rp = self->make_response_promise();
        sweep(self, ctx, wall_clock_ms(), [rp](std::int64_t n) mutable { rp.deliver(n); });
        return rp;
      },
  };
}

}  // namespace

caf::actor spawn_order_sweeper(caf::actor_system& sys, const entity_context& ctx,
                               std::chrono::milliseconds interval) {
  return sys.spawn(order_sweeper, ctx, interval);
}

}  // namespace shop
