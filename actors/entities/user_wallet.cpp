// The wallet part of a user's actor: balance reads, charges, and the debits and credits of
// payments. Every change is answered after its journal unit committed.
#include "actors/rules/wallet.hpp"
#include "actors/entities/user_keys.hpp"
#include "actors/entities/user_state.hpp"

namespace shop {
namespace {

using model::user_row;

// Applies a balance rule and persists the new balance; `kr` may carry an idempotency key.
template <class Rule>
void change_balance(user_actor* self, const keyed_request& kr, caf::response_promise rp,
                    Rule rule) {
  auto& st = self->state;
  auto next = rule(st.row.balance);
  if (!next) return refuse_keyed(self, kr, make_error(next.error()), rp);
  if (!admit_write(st.life, st.ctx.journal))
    return refuse_keyed(self, kr, make_error(shop_error::unavailable), rp);
  st.row.balance = *next;
  ++st.row.version;
  commit_keyed(self, kr, {{persistence::to_image(st.row)}}, st.row, std::move(rp));
}

}  // namespace

caf::message_handler wallet_handlers(user_actor* self) {
  return {
      [=](view_atom) {
        self->state.life.touch();
        return self->state.row;
      },
      [=](charge_atom, std::int64_t amount, std::string& key) -> caf::result<user_row> {
        self->state.life.touch();
        auto rp = self->make_response_promise();
        with_key<user_row>(self, std::move(key), "charge " + std::to_string(amount), rp,
                           [self, amount, rp](const keyed_request& kr) {
                             change_balance(self, kr, rp, [amount](std::int64_t balance) {
                               return rules::charge(balance, amount);
                             });
                           });
        return rp;
      },
      [=](debit_atom, std::int64_t amount) -> caf::result<user_row> {
        self->state.life.touch();
        auto rp = self->make_response_promise();
        change_balance(self, {}, rp,
                       [amount](std::int64_t balance) { return rules::debit(balance, amount); });
        return rp;
      },
      [=](credit_atom, std::int64_t amount) -> caf::result<user_row> {
        self->state.life.touch();
        auto rp = self->make_response_promise();
        change_balance(self, {}, rp,
                       [amount](std::int64_t balance) { return rules::credit(balance, amount); });
        return rp;
      },
  };
}

}  // namespace shop
