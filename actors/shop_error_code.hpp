// The shop_error enum alone, free of CAF, so pure rules (actors/rules/) can return it.
// Documented with the rest in actors/shop_error.hpp.
#pragma once

#include <cstdint>

namespace shop {

enum class shop_error : std::uint8_t {
  // input rules
  invalid_argument = 1,
  invalid_amount,
  invalid_quantity,
  // catalog
  product_not_found,
  option_not_found,
  product_unavailable,
  insufficient_stock,
  // users, wallet, cart
  user_not_found,
  balance_limit_exceeded,
  cart_item_not_found,
  // orders and payment
  empty_order,
  insufficient_balance,
  order_not_found,
  order_expired,
  order_already_paid,
  order_cancelled,
  // coupons
  coupon_not_found,
  coupon_sold_out,
  already_issued,
  coupon_not_started,
  expired_coupon,
  already_used,
  invalid_coupon,
  // access and protocol
  forbidden,
  idempotency_key_reused,
  // the service itself
  unavailable,     // database down or write queue full: retry later
  storage_failed,  // the database refused a row for good (a bug, not the client's fault)
  // operators (appended: codes travel as numbers inside stored replies)
  actor_not_live,  // GET /admin/actors/{type}/{id}: no live actor, and activation not asked
};

}  // namespace shop
