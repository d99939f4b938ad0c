#include "actors/rules/coupon.hpp"

#include <algorithm>

namespace shop::rules {

std::optional<std::string> campaign_problem(const model::coupon_row& c, std::int64_t now_ms) {
  if (c.discount_type == "RATE") {
    if (c.discount_value < 1 || c.discount_value > 100)
      return "discountValue of a RATE coupon must be 1..100";
  } else if (c.discount_type == "AMOUNT") {
    if (c.discount_value < 1 || c.discount_value > max_amount_discount)
      return "discountValue of an AMOUNT coupon must be 1..1000000000000";
  } else {
    return "discountType must be RATE or AMOUNT";
  }
  if (c.total_quantity < 1 || c.total_quantity > max_coupon_quantity)
    return "totalQuantity must be 1..1000000000";
  if (c.expires_at_ms <= now_ms) return "expiresAt must be in the future";
  if (c.starts_at_ms && c.expires_at_ms <= c.starts_at_ms)
    return "expiresAt must be after startsAt";
  return std::nullopt;
}

std::optional<shop_error> issue_refusal(const model::coupon_row& c, bool holds_one,
                                        std::int64_t now_ms) {
  if (c.starts_at_ms && now_ms < c.starts_at_ms) return shop_error::coupon_not_started;
  if (now_ms >= c.expires_at_ms) return shop_error::expired_coupon;
  if (c.issued_quantity >= c.total_quantity) return shop_error::coupon_sold_out;
  if (holds_one) return shop_error::already_issued;
  return std::nullopt;
}

model::coupon_status coupon_status_at(const model::user_coupon_row& c, std::int64_t now_ms) {
  using model::coupon_status;
  if (c.status == coupon_status::used) return coupon_status::used;
  if (now_ms >= c.expires_at_ms) return coupon_status::expired;
  return coupon_status::available;
}

std::optional<shop_error> payment_refusal(const model::user_coupon_row* c, std::int64_t user_id,
                                          std::int64_t now_ms) {
  if (!c || c->user_id != user_id) return shop_error::invalid_coupon;
  if (c->status == model::coupon_status::used) return shop_error::already_used;
  if (now_ms >= c->expires_at_ms) return shop_error::expired_coupon;
  return std::nullopt;
}

std::int64_t discount_of(const std::string& type, std::int64_t value, std::int64_t total) {
  if (total <= 0 || value <= 0) return 0;
  if (type == "RATE")
    return static_cast<std::int64_t>(static_cast<__int128>(total) *
                                     std::min<std::int64_t>(value, 100) / 100);
  return std::min(value, total);
}

}  // namespace shop::rules
