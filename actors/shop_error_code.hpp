// The shop_error enum alone, free of CAF, so pure rules (actors/rules/) can return it.
// Documented with the rest in actors/shop_error.hpp; its code, status and message are in
// actors/shop_error_table.cpp, one row per value.
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
  // refusals of the HTTP layer itself, before or around any actor (no actor answers with these)
  unauthorized,        // customer or admin token missing or not valid
  invalid_json,        // the body is not a JSON object
  unknown_path,        // no route has this path
  method_not_allowed,  // a route has this path, none this method
  payload_too_large,   // the body is over the server's limit
  header_too_large,    // the header block is over the server's limit
  internal,            // the server failed itself (a handler threw or answered nonsense)
  // the service itself, in a cluster (appended)
  outcome_unknown,  // the node that had the request stopped answering: it may have acted
  // an option refused a release or sale because its figures disagree with the orders: it reloads
  // them once the order's unit ended (product_option_actor.hpp)
  stock_out_of_step,
  // not an error: one past the last value, so the table can check it has a row for each
  count_,
};

// Whether `e` says the shop could not act this time (the database, the journal, another node, an
// option's figures out of step) rather than that its rules refuse the request: the same request
// may succeed later, so it is never remembered as a key's answer.
constexpr bool retry_later(shop_error e) {
  switch (e) {
    case shop_error::unavailable:
    case shop_error::storage_failed:
    case shop_error::outcome_unknown:
    case shop_error::stock_out_of_step:
      return true;
    default:
      return false;
  }
}

}  // namespace shop
