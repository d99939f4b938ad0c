// The one table from shop_error (and runtime failures) to HTTP status and API.md code.
#pragma once

#include <boost/beast/http/status.hpp>
#include <caf/error.hpp>
#include <ostream>  // Beast's status.hpp needs it complete
#include <string_view>

#include "actors/shop_error.hpp"

namespace shop::http {

struct http_failure {
  boost::beast::http::status status;
  std::string_view code;
};

http_failure to_http(shop_error e);

// The error body's `message`: what a customer can do about it.
std::string_view message_of(shop_error e);

// Any error an actor call can end with: a shop_error, or a runtime failure (timeout, actor gone)
// which is the service's trouble, answered 503 so the client may retry.
http_failure to_http(const caf::error& e);

}  // namespace shop::http
