// Order rules: which lines make an order, what it costs, whether it may still be paid or
// cancelled, and what a payment takes from the wallet. Pure functions: no actors, no SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "actors/rules/outcome.hpp"
#include "model/rows.hpp"

namespace shop {

// One line of an order as the customer asked for it (messages.hpp gives it `inspect`).
struct order_line {
  std::int64_t option_id = 0;
  std::int64_t quantity = 0;
};

}  // namespace shop

namespace shop::rules {

constexpr std::size_t max_order_lines = 100;

// Lines naming the same option are merged (first-seen order kept). EMPTY_ORDER when there are
// none; INVALID_QUANTITY when a quantity, or a merged one, is outside 1..10,000; INVALID_ARGUMENT
// past max_order_lines distinct options.
outcome<std::vector<order_line>> merge_order_lines(const std::vector<order_line>& lines);

std::int64_t order_total(const std::vector<model::order_item_row>& items);

// Why `user_id` may not pay or cancel `o` now: FORBIDDEN (not theirs), ORDER_ALREADY_PAID,
// ORDER_CANCELLED, ORDER_EXPIRED (also a PENDING order whose hold ended at or before `now_ms`).
std::optional<shop_error> settle_refusal(const model::order_row& o, std::int64_t user_id,
                                         std::int64_t now_ms);

// Whether a PENDING order's hold has ended.
inline bool hold_ended(const model::order_row& o, std::int64_t now_ms) {
  return o.status == model::order_status::pending && now_ms >= o.expires_at_ms;
}

struct payment_terms {
  std::int64_t discount = 0;
  std::int64_t paid = 0;     // total - discount
  std::int64_t balance = 0;  // the wallet after the payment
};

// What paying `total` with `coupon` (nullptr: none asked for) does (US-009, US-015): the coupon
// must pass payment_refusal, the discount follows API.md, and the rest is debited
// (INSUFFICIENT_BALANCE). A payment of 0 (the coupon covers all) debits nothing.
outcome<payment_terms> payment_terms_of(std::int64_t total, bool coupon_asked,
                                        const model::user_coupon_row* coupon, std::int64_t user_id,
                                        std::int64_t balance, std::int64_t now_ms);

}  // namespace shop::rules
