#include "http/error_mapping.hpp"

namespace shop::http {

http_failure to_http(shop_error e) {
  return {static_cast<boost::beast::http::status>(http_status_of(e)), code_of(e)};
}

http_failure to_http(const caf::error& e) {
  shop_error se;
  return to_http(as_shop_error(e, se) ? se : shop_error::unavailable);
}

response error_response(shop_error e, std::string_view message, unsigned version, bool keep_alive,
                        std::string_view request_id) {
  const auto f = to_http(e);
  return make_error(f.status, f.code, message, version, keep_alive, request_id);
}

response error_response(shop_error e, unsigned version, bool keep_alive) {
  return error_response(e, message_of(e), version, keep_alive);
}

}  // namespace shop::http
