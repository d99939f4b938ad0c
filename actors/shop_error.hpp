// shop_error: every way a shop request can fail for a reason the client should hear about.
// Actors answer with these as caf::error values (category "shop"); http/error_mapping.cpp is the
// one table that turns them into HTTP status and code. Never thrown.
#pragma once

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/fwd.hpp>
#include <cstdint>
#include <string_view>

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
};

caf::error make_error(shop_error x);

// The upper-case code of API.md, e.g. "INSUFFICIENT_STOCK".
std::string_view code_of(shop_error x);

// The shop_error inside `e`, if it is one.
bool as_shop_error(const caf::error& e, shop_error& out);

void add_shop_error_category(caf::actor_system_config& cfg);

}  // namespace shop
