// How an order ends: paid (US-009: holds become sales, the user's actor spends the coupon and
// debits the wallet and commits it all in one unit), cancelled, or expired (US-011: holds go
// back). Each step is awaited, so no two of them interleave on one order.
#include "actors/entities/order_state.hpp"
#include "actors/entities/receipt.hpp"
#include "actors/entities/user_actor.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/hosting/peer_fence.hpp"
#include "actors/rules/order.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using model::order_record;
using model::order_row;

// How long an order waits for a payer on another node (a commit takes milliseconds; the database
// being away is the only long wait, and the payer's node then answers once it is back).
constexpr std::chrono::seconds remote_payment_timeout{30};

// An error after which the payment may or may not have been committed by the user's node.
bool outcome_unknown(const caf::error& e) {
  return e == make_error(shop_error::outcome_unknown) || e == caf::sec::request_timeout;
}

// Gives the holds back and commits the order as `status` (with the request's record, if keyed);
// `done(error)` after the commit.
void release(order_self self, model::order_status status, receipt_ticket ticket,
             std::function<void(caf::error)> done) {
  move_stock(
      self, lines_of(self->state.rec), stock_move::release,
      [self, status, ticket, done](stock_moves freed) {
        auto& st = self->state;
        // Written without an unreached option's claim, the unit could commit after that option
        // loaded this order's hold from the database: it would keep the hold for good. The order
        // stays PENDING; a cancel answers 503, an expiry tries again.
        if (freed.unreached || !admit_write(st.life, st.ctx->journal)) {
          end_release(self, freed, false);
          return done(freed.unreached ? freed.unreached : make_error(shop_error::unavailable));
        }
        st.rec.row.status = status;
        ++st.rec.row.version;
        watch_hold(self);
        model::journal_unit unit{{persistence::to_image(st.rec.row)}};
        for (const auto& o : freed.images) unit.rows.push_back(persistence::to_image(o));
        unit.claims = freed.claims;
        if (!ticket.key.empty())
          unit.rows.push_back(persistence::to_image(receipt_record(ticket, st.rec.row)));
        // An option that refused (its figures are wrong) reloads after this unit.
        persist(self, st.life, st.ctx->journal, std::move(unit),
                [self, freed = std::move(freed), done](caf::error err) {
                  if (!err)
                    metrics::global().order_state_changed(to_string(self->state.rec.row.status));
                  end_release(self, freed, !err);
                  done(std::move(err));
                });
      });
}

// The holds are sold; the user's actor now decides and commits the payment. `payer` is the
// user's actor when it sent a keyed payment: it waits on this order then and may be passivating,
// so it is asked directly (through the registry the ask would wait for it to exit: a deadlock).
void pay_with_user(order_self self, std::int64_t coupon, const receipt_ticket& ticket,
                   user_actor payer, stock_moves sold, caf::response_promise rp) {
  auto& st = self->state;
  payment_draft d{st.rec, std::move(sold.images), coupon, ticket, std::move(sold.claims)};
  model::add_claim(d.claims, st.life.claim);  // the user's actor commits the order's row too
  begin_exchange(st.life);
  auto paid = [self, moved = sold.moved, rp](payment_receipt& r) mutable {
    auto& st = self->state;
    st.rec.row = r.order;
    metrics::global().order_state_changed(to_string(st.rec.row.status));
    watch_hold(self);
    settle_stock(self, moved, caf::none);
    if (st.ctx->delivery) send_untyped(self, st.ctx->delivery, deliver_atom::value, st.rec);
    rp.deliver(r);
    end_exchange(self, st.life);
  };
  auto refused = [self, moved = sold.moved, rp, payer](caf::error& e) mutable {
    if (outcome_unknown(e)) {
      // The user's node may have committed the payment before it stopped answering: neither this
      // order nor its options can tell, so each reloads the committed rows, once that node can
      // commit nothing more (a payer past its deadline may only be slow; a failed forward has
      // been fenced already).
      self->state.life.reload = true;
      const auto node = payer ? payer.node() : self->node();
      after_fencing(self, self->state.ctx->registry, node, [self, moved, rp]() mutable {
        settle_in_doubt(self, moved);
        rp.deliver(make_error(shop_error::outcome_unknown));
        end_exchange(self, self->state.life);
      });
      return;
    }
    settle_stock(self, moved, stock_move::undo_sell);
    rp.deliver(to_shop_error(e));
    end_exchange(self, self->state.life);
  };
  // A payer on another node is not watched by the registry (whose forwards fail when their node
  // goes): a deadline stands in, past which the payment's outcome is unknown.
  const bool remote_payer = payer && payer.node() != self->node();
  if (payer)
    self->request(
            payer,
            remote_payer ? caf::duration{remote_payment_timeout} : caf::duration{caf::infinite},
            settle_payment_atom::value, std::move(d))
        .await(std::move(paid), std::move(refused));
  else
    st.ctx->registry
        .request<user_actor>(self, st.rec.row.user_id, caf::infinite, settle_payment_atom::value,
                             std::move(d))
        .await(std::move(paid), std::move(refused));
}

}  // namespace

void expire_now(order_self self, std::function<void(bool)> done) {
  auto& row = self->state.rec.row;
  if (!rules::hold_ended(row, wall_clock_ms())) return done(false);
  release(self, model::order_status::expired, {}, [done](caf::error err) { done(!err); });
}

caf::result<payment_receipt> pay(order_self self, std::int64_t user, std::int64_t coupon,
                                 const receipt_ticket& ticket) {
  auto& st = self->state;
  st.life.touch();
  // Its row may be ahead of what this actor holds (a payment whose outcome is unknown): no
  // payment until it reloaded.
  if (st.life.reload) return make_error(shop_error::unavailable);
  if (auto refusal = rules::settle_refusal(st.rec.row, user, wall_clock_ms())) {
    if (rules::hold_ended(st.rec.row, wall_clock_ms()))
      self->send(self, wake_atom::value);  // its alarm has not rung yet: expire now
    return make_error(*refusal);
  }
  auto rp = self->make_response_promise();
  user_actor payer;  // a keyed payment comes from the user's actor itself
  if (!ticket.key.empty()) payer = caf::actor_cast<user_actor>(self->current_sender());
  move_stock(self, lines_of(st.rec), stock_move::sell,
             [self, coupon, ticket, payer, rp](stock_moves sold) mutable {
               if (sold.error) {
                 settle_stock(self, sold.moved, stock_move::undo_sell);
                 settle_refused(self, sold);
                 return rp.deliver(std::move(sold.error)), void();
               }
               pay_with_user(self, coupon, ticket, payer, std::move(sold), rp);
             });
  return rp;
}

caf::result<order_row> cancel(order_self self, std::int64_t user, const receipt_ticket& ticket) {
  auto& st = self->state;
  st.life.touch();
  if (auto refusal = rules::settle_refusal(st.rec.row, user, wall_clock_ms())) {
    if (rules::hold_ended(st.rec.row, wall_clock_ms())) self->send(self, wake_atom::value);
    return make_error(*refusal);
  }
  auto rp = self->make_response_promise();
  release(self, model::order_status::cancelled, ticket, [self, rp](caf::error err) mutable {
    if (err) return rp.deliver(std::move(err)), void();
    rp.deliver(self->state.rec.row);
  });
  return rp;
}

caf::result<bool> expire(order_self self) {
  auto rp = self->make_response_promise();
  expire_now(self, [rp](bool expired) mutable { rp.deliver(expired); });
  return rp;
}

}  // namespace shop
