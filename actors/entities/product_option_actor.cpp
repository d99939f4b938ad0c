#include "actors/entities/product_option_actor.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "actors/entities/product_actor.hpp"
#include "actors/hosting/entity_lifecycle.hpp"
#include "actors/hosting/entity_spawn.hpp"
#include "actors/hosting/peer_fence.hpp"
#include "actors/rules/stock.hpp"
#include "model/reader_protocol.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using model::option_row;

struct option_state {
  entity_life life;
  shared_context ctx;
  option_row row;
  std::int64_t releasing = 0;  // see rules::stock_levels
  // Orders whose unit carries moves of this option not yet `settled`, with how many: a few at a
  // time, so a vector (half a map's size: it keeps a live option in a smaller allocation).
  std::vector<std::pair<caf::actor_addr, int>> unsettled;
  option_incarnation incarnation;  // stamps its reports to the product
  static inline const char* name = "product_option";
};

using option_self = option_actor::stateful_pointer<option_state>;

// The row as others see it (products, carts): units being released are not orderable yet. Row
// images for the journal carry the full figures instead (stock_move's answer).
option_row shown_row(const option_state& st) {
  auto shown = st.row;
  shown.stock -= st.releasing;
  return shown;
}

// Tells the product its option's new figures (the product answers views from them).
void report_to_product(option_self self) {
  auto& st = self->state;
  st.ctx->registry.send<product_actor>(self, st.row.product_id, option_changed_atom::value,
                                       shown_row(st), st.incarnation);
}

// Applies an order's move to the figures; nullopt when a reserve finds too few units, or a
// release or sale is of more than is held.
std::optional<rules::stock_levels> moved(const rules::stock_levels& s, stock_move move,
                                         std::int64_t qty) {
  switch (move) {
    case stock_move::reserve:
      return rules::reserve_stock(s, qty);
    case stock_move::release:
      return rules::release_stock(s, qty);
    case stock_move::undo_reserve:
      return rules::unreserve(s, qty);
    case stock_move::sell:
      return rules::sell_reserved(s, qty);
    case stock_move::undo_sell:
      return rules::unsell(s, qty);
  }
  return std::nullopt;
}

rules::stock_levels levels_of(const option_state& st) {
  return {st.row.stock, st.row.reserved_stock, st.releasing};
}

void apply(option_state& st, const rules::stock_levels& s) {
  st.row.stock = s.stock;
  st.row.reserved_stock = s.reserved;
  st.releasing = s.releasing;
  ++st.row.version;
}

// Whether the move travels in the order's unit: the option then waits for `settled`.
bool awaits_settlement(stock_move move) {
  return move == stock_move::reserve || move == stock_move::release || move == stock_move::sell;
}

// The entry of `order` in `unsettled`, or its end.
auto unsettled_by(option_state& st, const caf::actor_addr& order) {
  return std::find_if(st.unsettled.begin(), st.unsettled.end(),
                      [&](const auto& entry) { return entry.first == order; });
}

// Opens the exchange a move in an order's unit keeps until the order's `settled`, and watches the
// order: one on another node that dies (kill -9) never sends it, and the option must neither wait
// for ever (it could not passivate, so a handoff of its shard would stall) nor keep figures that
// unit may not have committed (see forget_unsettled).
void await_settlement(option_self self) {
  auto& st = self->state;
  auto order = caf::actor_cast<caf::actor_addr>(self->current_sender());
  if (!order) return;  // nobody could settle it
  begin_exchange(st.life);
  if (auto it = unsettled_by(st, order); it != st.unsettled.end()) {
    ++it->second;
  } else {
    st.unsettled.emplace_back(order, 1);
    self->monitor(order);
  }
}

// `order` has one move fewer to settle here; false when it has none here (an order whose move
// reached an earlier activation, or another node's, sends its doubt to whichever is live). Only a
// known order's settle may end an exchange: a stray one would end another order's, and the option
// could reload while that order's unit is still on its way.
bool settled_by(option_self self, const caf::actor_addr& order) {
  auto& st = self->state;
  auto it = unsettled_by(st, order);
  if (it == st.unsettled.end()) return false;
  if (--it->second == 0) {
    self->demonitor(it->first);
    st.unsettled.erase(it);
  }
  return true;
}

// An order went down (or its node lost the connection, maybe unseen here) with moves here
// unsettled: whether its unit committed only the database knows, so the option reloads its
// committed rows once nothing else is in flight. An order on another node may only have lost its
// connection: its node is fenced before the exchanges end.
void forget_unsettled(option_self self, const caf::actor_addr& order) {
  auto& st = self->state;
  auto it = unsettled_by(st, order);
  if (it == st.unsettled.end()) return;
  const auto moves = it->second;
  self->demonitor(order);
  st.unsettled.erase(it);
  st.life.reload = true;
  after_fencing(self, st.ctx->registry, order.node(), [self, moves] {
    for (int i = 0; i < moves; ++i) end_exchange(self, self->state.life);
  });
}

option_actor::behavior_type running(option_self self) {
  return entity_behavior(
      self, self->state.life, idle_wake(self, self->state.life),
      [=](view_atom) {
        self->state.life.touch();
        return shown_row(self->state);
      },
      [=](option_changed_atom) {
        return caf::make_result(shown_row(self->state), self->state.incarnation);
      },
      [=](adjust_stock_atom, std::int64_t delta) -> caf::result<option_row> {
        auto& st = self->state;
        st.life.touch();
        auto next = rules::adjust_stock(levels_of(st), delta);
        if (!next) return make_error(shop_error::insufficient_stock);
        if (!admit_write(st.life, st.ctx->journal)) return make_error(shop_error::unavailable);
        apply(st, *next);
        st.row.received += delta;
        report_to_product(self);
        return persist_and_reply(self, st.life, st.ctx->journal, {{persistence::to_image(st.row)}},
                                 st.row);
      },
      [=](stock_move_atom, stock_move m, std::int64_t qty) -> caf::result<stock_moved> {
        auto& st = self->state;
        st.life.touch();
        std::optional<rules::stock_levels> next;
        if (!st.life.reload) next = moved(levels_of(st), m, qty);
        if (!next && m == stock_move::reserve)
          return make_error(st.life.reload ? shop_error::unavailable
                                           : shop_error::insufficient_stock);
        if (!next) {
          // More than is held: these figures disagree with the orders, so reload them. A refused
          // release or sale is settled by its order too (stock_moves::refused): the reload waits
          // for the order's unit, which may still change the rows it would read.
          st.life.reload = true;
          if (!awaits_settlement(m)) {
            if (st.life.in_flight == 0) request_passivation(self, st.life);
            return make_error(shop_error::unavailable);
          }
          await_settlement(self);
          return make_error(shop_error::stock_out_of_step);
        }
        apply(st, *next);
        report_to_product(self);
        if (awaits_settlement(m)) await_settlement(self);
        return stock_moved{st.row, st.life.claim};
      },
      // A move's unit ended (order_actor.cpp: settle_stock, end_release, settle_refused).
      [=](settled_atom, std::int64_t released, bool committed) {
        auto& st = self->state;
        if (!settled_by(self, caf::actor_cast<caf::actor_addr>(self->current_sender())))
          return;  // moved at an earlier activation
        if (released > 0) {
          apply(st, rules::settle_release(levels_of(st), released, committed));
          report_to_product(self);  // it shows orderable units only
        }
        end_exchange(self, st.life);
      },
      [=](settled_atom, doubt_atom, const caf::actor_addr& order) {
        auto& st = self->state;
        st.life.reload = true;
        // From an order that lost this option's answer, the move may not have happened here:
        // the reload then waits for the other orders' units in flight.
        if (settled_by(self, order))
          end_exchange(self, st.life);
        else if (st.life.in_flight == 0)
          request_passivation(self, st.life);
      },
      [=](peer_lost_atom, const caf::node_id& peer) {
        std::vector<caf::actor_addr> lost;
        for (const auto& [order, moves] : self->state.unsettled)
          if (order.node() == peer) lost.push_back(order);
        for (const auto& order : lost) forget_unsettled(self, order);
      },
      [=](inspect_atom) {
        auto& st = self->state;
        auto state = describe(st.row);
        state.push_back({"releasing", model::column_value::of(st.releasing)});
        return report_of(self, st.life, st.row.version, std::move(state));
      },
      [=](create_atom, const option_row&) {
        // Already loaded from the committed row: nothing to adopt.
      });
}

// No such option (or it could not be loaded): answer every request with `err` until passivated.
option_actor::behavior_type absent(option_self self, caf::error err) {
  self->state.life.ttl = self->state.ctx->absent_ttl;
  return entity_behavior(
      self, self->state.life, idle_wake(self, self->state.life), absent_inspect(self->state.life),
      [=](view_atom) -> caf::result<option_row> { return err; },
      [=](option_changed_atom) -> caf::result<option_row, option_incarnation> { return err; },
      [=](adjust_stock_atom, std::int64_t) -> caf::result<option_row> { return err; },
      [=](stock_move_atom, stock_move, std::int64_t) -> caf::result<stock_moved> { return err; },
      [=](settled_atom, std::int64_t, bool) {},
      [=](settled_atom, doubt_atom, const caf::actor_addr&) {},
      [=](peer_lost_atom, const caf::node_id&) {},
      [=](create_atom, const option_row& row) {
        self->state.row = row;
        self->state.life.ttl = self->state.ctx->idle_ttl;
        self->become(running(self));
      });
}

// The loaded figures become the option's, written back when the stored ones differ (an in-memory
// hold whose order died was committed with another unit's image of this row), and told to a live
// product, which may still show figures of moves that never committed.
void adopt_loaded(option_self self, model::option_record rec) {
  auto& st = self->state;
  st.row = std::move(rec.row);
  if (rec.stored_figures_differ && admit_write(st.life, st.ctx->journal)) {
    ++st.row.version;
    persist(self, st.life, st.ctx->journal, {{persistence::to_image(st.row)}}, [](caf::error) {});
  }
  auto notice = st.ctx->registry.route_if_live<product_actor>(
      st.row.product_id, option_changed_atom::value, shown_row(st), st.incarnation);
  send_untyped(self, notice.shard, std::move(notice.msg));
}

option_actor::behavior_type activate(option_self self, std::int64_t id, bool /* fresh */) {
  auto& st = self->state;
  st.life.back_after_reload = true;  // its product shows what it reports (adopt_loaded)
  st.incarnation = {st.life.claim.epoch,
                    std::chrono::steady_clock::now().time_since_epoch().count()};
  self->set_down_handler([self](caf::down_msg& dm) { forget_unsettled(self, dm.source); });
  activate_from_row<model::option_record>(
      self, st.life, *st.ctx, std::make_tuple(model::load_option_atom::value, id),
      make_error(shop_error::option_not_found),
      [=](model::option_record rec) { adopt_loaded(self, std::move(rec)); },
      [=](caf::error err) { return absent(self, std::move(err)); });
  return running(self);
}

}  // namespace

caf::actor spawn_product_option(caf::local_actor* parent, std::int64_t id,
                                const shared_context& ctx, model::shard_claim claim, bool fresh) {
  return spawn_entity<option_actor, option_state>(parent, id, ctx, claim, fresh, activate);
}

}  // namespace shop
