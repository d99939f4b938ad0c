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

http_failure to_http(const caf::error& e) {
  shop_error se;
  if (as_shop_error(e, se)) return to_http(se);
  return {status::service_unavailable, "SERVICE_UNAVAILABLE"};
}

}  // namespace shop::http
