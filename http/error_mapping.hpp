// shop_error (and runtime failures) as HTTP: the status and code come from the one table,
// actors/shop_error_table.cpp; this file only gives its status column Beast's type.
#pragma once

#include <boost/beast/http/status.hpp>
#include <caf/error.hpp>
#include <ostream>  // Beast's status.hpp needs it complete
#include <string_view>

#include "actors/shop_error.hpp"
#include "http/error_body.hpp"

namespace shop::http {

struct http_failure {
  boost::beast::http::status status;
  std::string_view code;
};

http_failure to_http(shop_error e);

// Any error an actor call can end with: a shop_error, or a runtime failure (timeout, actor gone)
// which is the service's trouble, answered 503 so the client may retry.
http_failure to_http(const caf::error& e);

// The error response for `e` with `message` (the table's message if none is given); see
// make_error in http/error_body.hpp for `version` and `keep_alive`.
response error_response(shop_error e, std::string_view message, unsigned version = 11,
                        bool keep_alive = true, std::string_view request_id = {});
response error_response(shop_error e, unsigned version = 11, bool keep_alive = true);

}  // namespace shop::http
