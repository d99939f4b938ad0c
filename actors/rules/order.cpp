#include "actors/rules/order.hpp"

#include "actors/rules/cart.hpp"
#include "actors/rules/coupon.hpp"
#include "actors/rules/wallet.hpp"

namespace shop::rules {

outcome<std::vector<order_line>> merge_order_lines(const std::vector<order_line>& lines) {
  if (lines.empty()) return shop_error::empty_order;
  std::vector<order_line> merged;
  for (const auto& l : lines) {
    if (l.quantity < 1 || l.quantity > max_line_quantity) return shop_error::invalid_quantity;
    auto it = merged.begin();
    while (it != merged.end() && it->option_id != l.option_id) ++it;
    if (it == merged.end()) {
      if (merged.size() == max_order_lines) return shop_error::invalid_argument;
      merged.push_back(l);
    } else if ((it->quantity += l.quantity) > max_line_quantity) {
      return shop_error::invalid_quantity;
    }
  }
  return merged;
}

std::int64_t order_total(const std::vector<model::order_item_row>& items) {
  std::int64_t total = 0;
  for (const auto& i : items) total += line_subtotal(i.unit_price, i.quantity);
  return total;
}

std::optional<shop_error> settle_refusal(const model::order_row& o, std::int64_t user_id,
                                         std::int64_t now_ms) {
  if (o.user_id != user_id) return shop_error::forbidden;
  if (o.status == model::order_status::paid) return shop_error::order_already_paid;
  if (o.status == model::order_status::cancelled) return shop_error::order_cancelled;
  if (o.status == model::order_status::expired || hold_ended(o, now_ms))
    return shop_error::order_expired;
  return std::nullopt;
}

outcome<payment_terms> payment_terms_of(std::int64_t total, bool coupon_asked,
                                        const model::user_coupon_row* coupon, std::int64_t user_id,
                                        std::int64_t balance, std::int64_t now_ms) {
  payment_terms t;
  if (coupon_asked) {
    if (auto refusal = payment_refusal(coupon, user_id, now_ms)) return *refusal;
    t.discount = discount_of(coupon->discount_type, coupon->discount_value, total);
  }
  t.paid = total - t.discount;
  t.balance = balance;
  if (t.paid > 0) {
    auto after = debit(balance, t.paid);
    if (!after) return after.error();
    t.balance = *after;
  }
  return t;
}

}  // namespace shop::rules
