// The order part of a user's actor: it places the user's orders (it owns the cart and the
// idempotency keys), routes keyed payments and cancels to the order, and settles a payment: the
// coupon, the wallet and the cart are this actor's, so it checks and spends them and commits them
// with the order's PAID row, the options' figures, the outbox row and the sales as one unit.
#include <algorithm>
#include <functional>

#include "actors/entities/order_actor.hpp"
#include "actors/entities/user_keys.hpp"
#include "actors/entities/user_state.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/rules/order.hpp"

namespace shop {
namespace {

using model::order_record;
using model::order_row;
using model::table_id;

// What a keyed order request asked for, to tell a repeat from a different request. Kept short:
// the record's column holds 255 characters.
std::string describe(const std::vector<order_line>& lines) {
  std::string s = "order";
  for (const auto& l : lines)
    s += " " + std::to_string(l.option_id) + "x" + std::to_string(l.quantity);
  if (s.size() > 200) s = "order #" + std::to_string(std::hash<std::string>{}(s));
  return s;
}

// Asks the order (route: entity_registry::route<order_actor> or route_new) within the key's
// exchange; the answer settles or refuses the key.
template <class Reply>
void forward_keyed(user_self self, entity_route r, const receipt_ticket& kr,
                   caf::response_promise rp) {
  ask_in_exchange<Reply>(
      self, self->state.life, r.shard, std::move(r.msg),
      [self, kr, rp](Reply& r) { settle_keyed(self, kr, r, rp); },
      [self, kr, rp](caf::error& e) { refuse_keyed(self, kr, e, rp); });
}

// Takes an id for the order and its items, then hands the order to its own actor.
void place(user_self self, const receipt_ticket& kr, std::vector<order_line> lines,
           caf::response_promise rp) {
  auto& st = self->state;
  if (lines.empty())  // no items named: the whole cart
    for (const auto& c : st.cart) lines.push_back({c.option_id, c.quantity});
  auto merged = rules::merge_order_lines(lines);
  if (!merged) return refuse_keyed(self, kr, make_error(merged.error()), rp);
  auto ids = [self](table_id t, std::int64_t n) {
    return caf::make_message(next_id_atom::value, static_cast<std::uint8_t>(t), n);
  };
  auto fail = [self, kr, rp](caf::error& e) { refuse_keyed(self, kr, e, rp); };
  auto n = static_cast<std::int64_t>(merged->size());
  ask_in_exchange<std::int64_t>(
      self, st.life, st.ctx->ids, ids(table_id::orders, 1),
      [=, lines = *merged](std::int64_t order_id) {
        ask_in_exchange<std::int64_t>(
            self, self->state.life, self->state.ctx->ids, ids(table_id::order_items, n),
            [=](std::int64_t first_item) {
              order_draft d{order_id, self->state.row.id, lines, first_item, kr};
              forward_keyed<order_record>(self,
                                          self->state.ctx->registry.route_new<order_actor>(
                                              order_id, create_atom::value, std::move(d)),
                                          kr, rp);
            },
            fail);
      },
      fail);
}

// The payment's unit: what the user's side spends plus what the order hands over.
model::journal_unit payment_unit(user_state& st, const payment_draft& d, const order_row& paid,
                                 const model::user_coupon_row* coupon, std::int64_t now) {
  model::journal_unit unit{{persistence::to_image(paid), persistence::to_image(st.row)}};
  for (const auto& o : d.options) unit.rows.push_back(persistence::to_image(o));
  unit.claims = d.claims;
  if (coupon) unit.rows.push_back(persistence::to_image(*coupon));
  // The ordered options leave the cart (the whole line, whatever its quantity).
  auto ordered = [&](const model::cart_item_row& c) {
    return std::any_of(d.order.items.begin(), d.order.items.end(),
                       [&](const auto& i) { return i.option_id == c.option_id; });
  };
  for (const auto& c : st.cart)
    if (ordered(c))
      unit.rows.push_back(persistence::erase_image(table_id::cart_items, c.id, c.version + 1));
  st.cart.erase(std::remove_if(st.cart.begin(), st.cart.end(), ordered), st.cart.end());
  unit.rows.push_back(persistence::to_image(model::outbox_row{paid.id, now, 1}));
  // Counted in the same transaction as the PAID row: the sales totals never disagree with it.
  for (const auto& i : d.order.items)
    unit.sales.push_back({i.option_id, paid.id, i.product_id, i.quantity});
  return unit;
}

}  // namespace

caf::result<order_record> place_order(user_self self, std::vector<order_line> lines,
                                      std::string key) {
  self->state.life.touch();
  auto rp = self->make_response_promise();
  auto request = describe(lines);
  with_key<order_record>(
      self, std::move(key), std::move(request), rp,
      [self, lines, rp](const receipt_ticket& kr) { place(self, kr, lines, rp); });
  return rp;
}

caf::result<payment_receipt> pay_order(user_self self, std::int64_t order_id, std::int64_t coupon,
                                       std::string key) {
  self->state.life.touch();
  auto rp = self->make_response_promise();
  auto request = "pay " + std::to_string(order_id) + " " + std::to_string(coupon);
  with_key<payment_receipt>(self, std::move(key), std::move(request), rp,
                            [self, order_id, coupon, rp](const receipt_ticket& kr) {
                              forward_keyed<payment_receipt>(
                                  self,
                                  self->state.ctx->registry.route<order_actor>(
                                      order_id, pay_atom::value, self->state.row.id, coupon, kr),
                                  kr, rp);
                            });
  return rp;
}

caf::result<order_row> cancel_order(user_self self, std::int64_t order_id, std::string key) {
  self->state.life.touch();
  auto rp = self->make_response_promise();
  with_key<order_row>(self, std::move(key), "cancel " + std::to_string(order_id), rp,
                      [self, order_id, rp](const receipt_ticket& kr) {
                        forward_keyed<order_row>(
                            self,
                            self->state.ctx->registry.route<order_actor>(
                                order_id, cancel_atom::value, self->state.row.id, kr),
                            kr, rp);
                      });
  return rp;
}

caf::result<payment_receipt> settle_payment(user_self self, const payment_draft& d) {
  auto& st = self->state;
  st.life.touch();
  auto now = wall_clock_ms();
  auto coupon = std::find_if(st.coupons.begin(), st.coupons.end(),
                             [&](const auto& c) { return c.id == d.user_coupon_id; });
  auto* held = coupon == st.coupons.end() ? nullptr : &*coupon;
  auto terms = rules::payment_terms_of(d.order.row.total_amount, d.user_coupon_id != 0, held,
                                       st.row.id, st.row.balance, now);
  if (!terms) return make_error(terms.error());
  if (!admit_write(st.life, st.ctx->journal)) return make_error(shop_error::unavailable);
  auto paid = d.order.row;
  paid.status = model::order_status::paid;
  paid.discount_amount = terms->discount;
  paid.paid_amount = terms->paid;
  paid.user_coupon_id = d.user_coupon_id;
  paid.paid_at_ms = now;
  ++paid.version;
  st.row.balance = terms->balance;
  ++st.row.version;
  if (held) {
    held->status = model::coupon_status::used;
    held->used_at_ms = now;
    ++held->version;
  }
  auto unit = payment_unit(st, d, paid, held, now);
  payment_receipt receipt{paid, st.row.balance};
  if (!d.ticket.key.empty())
    unit.rows.push_back(persistence::to_image(receipt_record(d.ticket, receipt)));
  return persist_and_reply(self, st.life, st.ctx->journal, std::move(unit), receipt);
}

}  // namespace shop
