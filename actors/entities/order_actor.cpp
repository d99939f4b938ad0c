// An order's actor: activation from its committed rows, views, the hold's alarm, and the stock
// moves every step of the workflow makes at the options.
#include "actors/entities/order_actor.hpp"

#include <algorithm>

#include "actors/entities/order_state.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/hosting/entity_spawn.hpp"
#include "actors/hosting/gather.hpp"
#include "actors/rules/order.hpp"
#include "model/reader_protocol.hpp"

namespace shop {

std::vector<order_line> lines_of(const model::order_record& r) {
  std::vector<order_line> out;
  for (const auto& i : r.items) out.push_back({i.option_id, i.quantity});
  return out;
}

void move_stock(order_self self, const std::vector<order_line>& lines, stock_move move,
                std::function<void(stock_moves)> done) {
  if (lines.empty()) return done({});
  auto& st = self->state;
  begin_exchange(st.life);
  auto g = gather<stock_moves>::start(lines.size(), {}, [self, done](stock_moves& result) {
    done(std::move(result));
    end_exchange(self, self->state.life);
  });
  for (const auto& l : lines) {
    auto r =
        st.ctx->registry.route<option_actor>(l.option_id, stock_move_atom::value, move, l.quantity);
    self->request(r.shard, caf::infinite, std::move(r.msg))
        .await(
            [self, g, l](stock_moved& m) {
              g->value.images.push_back(std::move(m.row));
              model::add_claim(g->value.claims, m.claim);
              g->value.moved.push_back({l, caf::actor_cast<option_actor>(self->current_sender())});
              g->arrived();
            },
            [self, g, l](caf::error& e) {
              auto& result = g->value;
              if (!result.error) result.error = to_shop_error(e);
              if (e == make_error(shop_error::outcome_unknown)) {
                // The option's node stopped answering: it may have moved and now wait for a
                // settle this order cannot address; whichever incarnation is live reloads.
                auto n = self->state.ctx->registry.route_if_live<option_actor>(
                    l.option_id, settled_atom::value, doubt_atom::value, self->address());
                send_untyped(self, n.shard, std::move(n.msg));
              }
              if (e == make_error(shop_error::stock_out_of_step))
                result.refused.push_back(caf::actor_cast<option_actor>(self->current_sender()));
              else if (e != make_error(shop_error::insufficient_stock) && !result.unreached)
                result.unreached = to_shop_error(e);
              g->arrived();
            });
  }
}

namespace {

// Tells `option` that the unit carrying this order's move there ended, releasing nothing.
void settle_move(order_self self, const option_actor& option) {
  self->send(option, settled_atom::value, std::int64_t{0}, true);
}

}  // namespace

void settle_stock(order_self self, const std::vector<moved_line>& moved,
                  caf::optional<stock_move> undo) {
  for (const auto& m : moved) {
    if (undo)  // a request, so the option's answer is not an unexpected message here
      self->request(m.option, caf::infinite, stock_move_atom::value, *undo, m.line.quantity)
          .then([](stock_moved&) {}, [](caf::error&) {});
    settle_move(self, m.option);
  }
}

void settle_in_doubt(order_self self, const std::vector<moved_line>& moved) {
  for (const auto& m : moved)
    self->send(m.option, settled_atom::value, doubt_atom::value, self->address());
}

void end_release(order_self self, const stock_moves& freed, bool committed) {
  for (const auto& m : freed.moved)
    self->send(m.option, settled_atom::value, m.line.quantity, committed);
  settle_refused(self, freed);
}

void settle_refused(order_self self, const stock_moves& m) {
  for (const auto& option : m.refused) settle_move(self, option);
}

void watch_hold(order_self self) {
  auto& st = self->state;
  if (st.rec.row.status != model::order_status::pending) {
    // A settled order is rarely asked again: it passivates soon, so a busy shop does not keep
    // every paid order of the last minutes in memory.
    st.life.ttl = std::min(st.ctx->idle_ttl, settled_order_ttl);
    set_alarm(self, st.life, st.life.ttl);
    return;
  }
  auto left = std::chrono::milliseconds(
      std::max<std::int64_t>(0, st.rec.row.expires_at_ms - wall_clock_ms()));
  st.life.ttl = st.ctx->idle_ttl + left;
  set_alarm(self, st.life, left);
}

order_actor::behavior_type order_running(order_self self) {
  return entity_behavior(
      self, self->state.life,
      [=](wake_atom) {
        auto& st = self->state;
        if (st.rec.row.status != model::order_status::pending) return check_idle(self, st.life);
        if (!rules::hold_ended(st.rec.row, wall_clock_ms()))
          return watch_hold(self);  // woke early (the wall clock stepped): wait for the rest
        expire_now(self, [self](bool expired) {
          // Not expired (the journal refused the write): try again later. An expired order
          // set its next alarm when it settled.
          if (!expired) set_alarm(self, self->state.life, expiry_retry);
        });
      },
      [=](inspect_atom) {
        auto& st = self->state;
        return report_of(self, st.life, st.rec.row.version, describe(st.rec));
      },
      [=](create_atom, const order_draft&) -> caf::result<model::order_record> {
        return make_error(shop_error::invalid_argument);  // ids are never reused
      },
      [=](view_atom) {
        self->state.life.touch();
        return self->state.rec;
      },
      [=](pay_atom, std::int64_t user, std::int64_t coupon, const receipt_ticket& ticket) {
        return pay(self, user, coupon, ticket);
      },
      [=](cancel_atom, std::int64_t user, const receipt_ticket& ticket) {
        return cancel(self, user, ticket);
      },
      [=](expire_atom) { return expire(self); });
}

order_actor::behavior_type order_absent(order_self self, caf::error err) {
  self->state.life.ttl = self->state.ctx->absent_ttl;
  return entity_behavior(
      self, self->state.life, idle_wake(self, self->state.life), absent_inspect(self->state.life),
      [=](create_atom, const order_draft& d) -> caf::result<model::order_record> {
        if (err != make_error(shop_error::order_not_found)) return err;
        return place(self, d);
      },
      [=](view_atom) -> caf::result<model::order_record> { return err; },
      [=](pay_atom, std::int64_t, std::int64_t,
          const receipt_ticket&) -> caf::result<payment_receipt> { return err; },
      [=](cancel_atom, std::int64_t, const receipt_ticket&) -> caf::result<model::order_row> {
        return err;
      },
      [=](expire_atom) -> caf::result<bool> { return false; });
}

namespace {

order_actor::behavior_type activate(order_self self, std::int64_t id, bool fresh) {
  auto& st = self->state;
  if (fresh) {
    auto b = order_absent(self, make_error(shop_error::order_not_found));
    start_life(self, st.life);
    return b;
  }
  activate_from_row<model::order_record>(
      self, st.life, *st.ctx, std::make_tuple(model::load_order_atom::value, id),
      make_error(shop_error::order_not_found),
      [=](model::order_record rec) {
        self->state.rec = std::move(rec);
        watch_hold(self);
      },
      [=](caf::error err) { return order_absent(self, std::move(err)); });
  return order_running(self);
}

}  // namespace

caf::actor spawn_order(caf::local_actor* parent, std::int64_t id, const shared_context& ctx,
                       model::shard_claim claim, bool fresh) {
  return spawn_entity<order_actor, order_state>(parent, id, ctx, claim, fresh, activate);
}

}  // namespace shop
