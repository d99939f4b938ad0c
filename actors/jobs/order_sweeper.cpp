#include "actors/jobs/order_sweeper.hpp"

#include <spdlog/spdlog.h>

#include <caf/all.hpp>
#include <memory>

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

// Reads the overdue orders and asks each to expire; `done(n)` with how many did.
void sweep(caf::event_based_actor* self, const entity_context& ctx,
           std::function<void(std::int64_t)> done) {
  self->request(ctx.readers, ctx.load_timeout, model::overdue_orders_atom::value, wall_clock_ms(),
                sweep_batch)
      .then(
          [self, ctx, done](std::vector<std::int64_t>& ids) {
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

caf::behavior order_sweeper(caf::event_based_actor* self, entity_context ctx,
                            std::chrono::milliseconds interval) {
  self->send(self, sweep_tick_atom::value);  // at start: holds that ended while the shop was down
  return {
      [=](sweep_tick_atom) {
        sweep(self, ctx, [self, interval](std::int64_t n) {
          if (n > 0) spdlog::info("order sweep expired {} orders", n);
          self->delayed_send(self, interval, sweep_tick_atom::value);
        });
      },
      [=](sweep_atom) -> caf::result<std::int64_t> {
        auto rp = self->make_response_promise();
        sweep(self, ctx, [rp](std::int64_t n) mutable { rp.deliver(n); });
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
