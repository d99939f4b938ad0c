// A user's actor: activation from the users row (with cart lines and idempotency stamps),
// creation of a new user, and the behaviors that put the wallet, cart, coupon and order parts
// together.
#include "actors/entities/user_actor.hpp"

#include "actors/entities/user_state.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/hosting/entity_create.hpp"
#include "actors/hosting/entity_spawn.hpp"
#include "model/reader_protocol.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using model::cart_item_row;
using model::order_record;
using model::order_row;
using model::user_coupon_row;
using model::user_row;

user_actor::behavior_type running(user_self self) {
  return entity_behavior(
      self, self->state.life, idle_wake(self, self->state.life),
      [=](inspect_atom) {
        auto& st = self->state;
        return report_of(self, st.life, st.row.version,
                         describe(st.row, st.cart.size(), st.coupons.size()));
      },
      [=](create_atom, const user_row&) -> caf::result<user_row> {
        return make_error(shop_error::invalid_argument);  // ids are never reused
      },
      [=](view_atom) {
        self->state.life.touch();
        return self->state.row;
      },
      [=](charge_atom, std::int64_t amount, std::string& key) {
        return charge(self, amount, std::move(key));
      },
      [=](debit_atom, std::int64_t amount) { return debit(self, amount); },
      [=](credit_atom, std::int64_t amount) { return credit(self, amount); },
      [=](cart_add_atom, std::int64_t option_id, std::int64_t quantity) {
        return add_to_cart(self, option_id, quantity);
      },
      [=](cart_view_atom) { return view_cart(self); },
      [=](cart_remove_atom, std::int64_t cart_item_id) {
        return remove_from_cart(self, cart_item_id);
      },
      [=](user_coupons_atom, std::uint8_t filter) {
        return coupons_passing(self, static_cast<coupon_filter>(filter));
      },
      [=](issue_coupon_atom, std::int64_t coupon_id, std::string& key) {
        return issue_coupon(self, coupon_id, std::move(key));
      },
      [=](coupon_issued_atom, const user_coupon_row& c) { adopt_coupon(self, c); },
      [=](place_order_atom, std::vector<order_line>& lines, std::string& key) {
        return place_order(self, std::move(lines), std::move(key));
      },
      [=](pay_atom, std::int64_t order_id, std::int64_t coupon, std::string& key) {
        return pay_order(self, order_id, coupon, std::move(key));
      },
      [=](cancel_atom, std::int64_t order_id, std::string& key) {
        return cancel_order(self, order_id, std::move(key));
      },
      [=](settle_payment_atom, const payment_draft& d) { return settle_payment(self, d); });
}

// No such user (or it could not be loaded): every request is answered with `err`. One-way
// notices are dropped: an error sent back to a registry shard would stop it.
user_actor::behavior_type absent(user_self self, caf::error err) {
  self->state.life.ttl = self->state.ctx->absent_ttl;
  return entity_behavior(
      self, self->state.life, idle_wake(self, self->state.life), absent_inspect(self->state.life),
      [=](create_atom, const user_row& row) -> caf::result<user_row> {
        if (err != make_error(shop_error::user_not_found)) return err;
        return create_from_absent(self, row, running);
      },
      [=](view_atom) -> caf::result<user_row> { return err; },
      [=](charge_atom, std::int64_t, const std::string&) -> caf::result<user_row> { return err; },
      [=](debit_atom, std::int64_t) -> caf::result<user_row> { return err; },
      [=](credit_atom, std::int64_t) -> caf::result<user_row> { return err; },
      [=](cart_add_atom, std::int64_t, std::int64_t) -> caf::result<cart_item_row> { return err; },
      [=](cart_view_atom) -> caf::result<cart_view> { return err; },
      [=](cart_remove_atom, std::int64_t) -> caf::result<caf::ok_atom> { return err; },
      [=](user_coupons_atom, std::uint8_t) -> caf::result<std::vector<user_coupon_row>> {
        return err;
      },
      [=](issue_coupon_atom, std::int64_t, const std::string&) -> caf::result<user_coupon_row> {
        return err;
      },
      [=](coupon_issued_atom, const user_coupon_row&) {},  // read from the database if created
      [=](place_order_atom, const std::vector<order_line>&,
          const std::string&) -> caf::result<order_record> { return err; },
      [=](pay_atom, std::int64_t, std::int64_t,
          const std::string&) -> caf::result<payment_receipt> { return err; },
      [=](cancel_atom, std::int64_t, const std::string&) -> caf::result<order_row> { return err; },
      [=](settle_payment_atom, const payment_draft&) -> caf::result<payment_receipt> {
        return err;
      });
}

user_actor::behavior_type activate(user_self self, std::int64_t id, bool /* fresh */) {
  activate_from_row<model::user_record>(
      self, self->state.life, *self->state.ctx,
      std::make_tuple(model::load_user_atom::value, id, wall_clock_ms() - idempotency_window_ms),
      make_error(shop_error::user_not_found),
      [=](model::user_record rec) {
        auto& st = self->state;
        st.row = std::move(rec.row);
        st.cart = std::move(rec.cart);
        st.coupons = std::move(rec.coupons);
        for (const auto& r : rec.receipts) st.keys.stamp(r);
      },
      [=](caf::error err) { return absent(self, std::move(err)); });
  return running(self);
}

}  // namespace

caf::actor spawn_user(caf::local_actor* parent, std::int64_t id, const shared_context& ctx,
                      model::shard_claim claim, bool fresh) {
  return spawn_entity<user_actor, user_state>(parent, id, ctx, claim, fresh, activate);
}

}  // namespace shop
