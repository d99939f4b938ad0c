// The wallet part of a user's actor: balance reads, charges, and the debits and credits of
// payments. Every change is answered after its journal unit committed.
#include "actors/entities/user_keys.hpp"
#include "actors/entities/user_state.hpp"
#include "actors/rules/wallet.hpp"

namespace shop {
namespace {

using model::user_row;

// Applies a balance rule and persists the new balance; `kr` may carry an idempotency key.
template <class Rule>
void change_balance(user_self self, const receipt_ticket& kr, caf::response_promise rp, Rule rule) {
  auto& st = self->state;
  auto next = rule(st.row.balance);
  if (!next) return refuse_keyed(self, kr, make_error(next.error()), rp);
  if (!admit_write(st.life, st.ctx->journal))
    return refuse_keyed(self, kr, make_error(shop_error::unavailable), rp);
  st.row.balance = *next;
  ++st.row.version;
  commit_keyed(self, kr, {{persistence::to_image(st.row)}}, st.row, std::move(rp));
}

// A change by `rule(balance, amount)` that no idempotency key guards (a debit, or the credit
// that undoes one).
template <class Rule>
caf::result<user_row> change_unkeyed(user_self self, std::int64_t amount, Rule rule) {
  self->state.life.touch();
  auto rp = self->make_response_promise();
  change_balance(self, {}, rp,
                 [amount, rule](std::int64_t balance) { return rule(balance, amount); });
  return rp;
}

}  // namespace

caf::result<user_row> charge(user_self self, std::int64_t amount, std::string key) {
  self->state.life.touch();
  auto rp = self->make_response_promise();
  with_key<user_row>(self, std::move(key), "charge " + std::to_string(amount), rp,
                     [self, amount, rp](const receipt_ticket& kr) {
                       change_balance(self, kr, rp, [amount](std::int64_t balance) {
                         return rules::charge(balance, amount);
                       });
                     });
  return rp;
}

caf::result<user_row> debit(user_self self, std::int64_t amount) {
  return change_unkeyed(self, amount, rules::debit);
}

caf::result<user_row> credit(user_self self, std::int64_t amount) {
  return change_unkeyed(self, amount, rules::credit);
}

}  // namespace shop
