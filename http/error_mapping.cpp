#include "http/error_mapping.hpp"

namespace shop::http {

using boost::beast::http::status;

http_failure to_http(shop_error e) {
  switch (e) {
    case shop_error::product_not_found:
    case shop_error::option_not_found:
    case shop_error::user_not_found:
    case shop_error::cart_item_not_found:
    case shop_error::order_not_found:
    case shop_error::coupon_not_found:
    case shop_error::actor_not_live:
      return {status::not_found, code_of(e)};
    case shop_error::forbidden:
      return {status::forbidden, code_of(e)};
    case shop_error::idempotency_key_reused:
      return {status::conflict, code_of(e)};
    case shop_error::unavailable:
      return {status::service_unavailable, code_of(e)};
    case shop_error::storage_failed:
      return {status::internal_server_error, code_of(e)};
    default:
      return {status::bad_request, code_of(e)};  // every other rule a request can break
  }
}

std::string_view message_of(shop_error e) {
  switch (e) {
    case shop_error::insufficient_stock:
      return "not enough stock for this quantity";
    case shop_error::insufficient_balance:
      return "the balance does not cover this payment; charge the wallet and try again";
    case shop_error::empty_order:
      return "the order has no items (and the cart is empty)";
    case shop_error::order_expired:
      return "the order's hold has expired; create the order again";
    case shop_error::order_already_paid:
      return "the order is already paid";
    case shop_error::order_cancelled:
      return "the order was cancelled; create the order again";
    case shop_error::order_not_found:
      return "no such order";
    case shop_error::expired_coupon:
      return "the coupon has expired";
    case shop_error::already_used:
      return "the coupon was already used";
    case shop_error::invalid_coupon:
      return "no such coupon for this user";
    case shop_error::product_unavailable:
      return "the product is not on sale";
    case shop_error::forbidden:
      return "this token may not act on that resource";
    case shop_error::unavailable:
      return "the shop cannot take this request right now, try again shortly";
    case shop_error::storage_failed:
      return "the request could not be stored";
    case shop_error::actor_not_live:
      return "no live actor has this key; add ?activate=true to load it";
    default:
      return code_of(e);
  }
}

http_failure to_http(const caf::error& e) {
  shop_error se;
  if (as_shop_error(e, se)) return to_http(se);
  return {status::service_unavailable, "SERVICE_UNAVAILABLE"};
}

}  // namespace shop::http
