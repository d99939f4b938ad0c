// A user's actor: activation from the users row (with cart lines and idempotency records),
// creation of a new user, and the behaviors that combine the wallet and cart parts.
#include "actors/user_actor.hpp"

#include "actors/clock.hpp"
#include "actors/user_state.hpp"
#include "persistence/store_reader.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using persistence::user_row;

caf::behavior running(user_actor* self) {
  return wallet_handlers(self)
      .or_else(cart_handlers(self))
      .or_else(coupon_handlers(self))
      .or_else(caf::message_handler{
          [=](create_atom, const user_row&) -> caf::result<user_row> {
            return make_error(shop_error::invalid_argument);  // ids are never reused
          },
      })
      .or_else(lifecycle_handlers(self, self->state.life));
}

caf::result<user_row> create(user_actor* self, const user_row& row) {
  auto& st = self->state;
  if (!admit_write(st.ctx.journal)) return make_error(shop_error::unavailable);
  st.row = row;
  st.life.ttl = st.ctx.idle_ttl;
  self->set_default_handler(caf::print_and_drop);
  self->become(running(self));
  auto rp = self->make_response_promise();
  persist(self, st.life, st.ctx.journal, {{persistence::to_image(row)}},
          [rp, row](caf::error err) mutable {
            if (err)
              rp.deliver(std::move(err));
            else
              rp.deliver(row);
          });
  return rp;
}

// No such user (or it could not be loaded): every request is answered with `err`.
caf::behavior absent(user_actor* self, caf::error err) {
  self->state.life.ttl = self->state.ctx.absent_ttl;
  self->set_default_handler([err](caf::scheduled_actor*, caf::message_view&) {
    return caf::result<caf::message>{err};
  });
  return caf::message_handler{
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
  activate_from_row<persistence::user_record>(
      self, st.life, st.ctx,
      caf::make_message(persistence::load_user_atom::value, id,
                        wall_clock_ms() - idempotency_window_ms),
      make_error(shop_error::user_not_found),
      [=](persistence::user_record rec) {
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
