// A user's actor: activation from the users row (with cart lines and idempotency records),
// creation of a new user, and the behaviors that combine the wallet and cart parts.
#include "actors/entities/user_actor.hpp"

#include "actors/hosting/clock.hpp"
#include "actors/entities/user_state.hpp"
#include "model/reader_protocol.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using model::user_row;

caf::behavior running(user_actor* self) {
  return wallet_handlers(self)
      .or_else(cart_handlers(self))
      .or_else(coupon_handlers(self))
      .or_else(order_handlers(self))
      .or_else(caf::message_handler{
          [=](create_atom, const user_row&) -> caf::result<user_row> {
            return make_error(shop_error::invalid_argument);  // ids are never reused
          },
          [=](inspect_atom) {
            auto& st = self->state;
            return report_of(self, st.life, st.row.version,
                             describe(st.row, st.cart.size(), st.coupons.size()));
          },
      })
      .or_else(lifecycle_handlers(self, self->state.life));
}

caf::result<user_row> create(user_actor* self, const user_row& row) {
  auto& st = self->state;
  if (!admit_write(st.life, st.ctx.journal)) return make_error(shop_error::unavailable);
  st.row = row;
  st.life.ttl = st.ctx.idle_ttl;
  self->become(running(self));
  return persist_and_reply(self, st.life, st.ctx.journal, {{persistence::to_image(row)}}, row);
}

// No such user (or it could not be loaded): every request is answered with `err`. Each message
// is listed: a catch-all would also "answer" one-way notices, and an error sent back to a
// registry shard would stop it.
caf::behavior absent(user_actor* self, caf::error err) {
  using model::cart_item_row;
  using model::user_coupon_row;
  self->state.life.ttl = self->state.ctx.absent_ttl;
  return caf::message_handler{
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
      [=](coupon_issued_atom, const user_coupon_row&) {},
      [=](place_order_atom, const std::vector<order_line>&,
          const std::string&) -> caf::result<model::order_record> { return err; },
      [=](pay_atom, std::int64_t, std::int64_t,
          const std::string&) -> caf::result<payment_receipt> { return err; },
      [=](cancel_atom, std::int64_t, const std::string&) -> caf::result<model::order_row> {
        return err;
      },
      [=](settle_payment_atom, const payment_draft&) -> caf::result<payment_receipt> {
        return err;
      },  // read from the database if created
      [=](create_atom, const user_row& row) -> caf::result<user_row> {
        if (err != make_error(shop_error::user_not_found)) return err;
        return create(self, row);
      },
  }
      .or_else(lifecycle_handlers(self, self->state.life));
}

caf::behavior user(user_actor* self, std::int64_t id, entity_context ctx, caf::actor shard) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.life.key = key_of(entity_kind::user, id);
  st.life.shard = std::move(shard);
  st.life.ttl = st.ctx.idle_ttl;
  activate_from_row<model::user_record>(
      self, st.life, st.ctx,
      caf::make_message(model::load_user_atom::value, id, wall_clock_ms() - idempotency_window_ms),
      make_error(shop_error::user_not_found),
      [=](model::user_record rec) {
        auto& st = self->state;
        st.row = std::move(rec.row);
        st.cart = std::move(rec.cart);
        st.coupons = std::move(rec.coupons);
        for (auto& r : rec.receipts) st.keys.remember(std::move(r));
      },
      [=](caf::error err) { return absent(self, std::move(err)); });
  return running(self);
}

}  // namespace

caf::actor spawn_user(caf::local_actor* parent, std::int64_t id, const entity_context& ctx) {
  return parent->spawn(user, id, ctx, caf::actor_cast<caf::actor>(parent));
}

}  // namespace shop
