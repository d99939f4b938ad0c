#pragma once

// JSON error responses shared by the HTTP server (its own protocol errors) and the route layer.
// Body shape: {"code":"<CODE>","message":"<human readable>"}, plus "requestId" (the answer's
// X-Request-Id) where the caller gives one.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string_view>

namespace shop::http {

// Same alias as in http_server.hpp (an alias may be redeclared to the same type); repeated here so
// this header stays free of Asio.
using response = boost::beast::http::response<boost::beast::http::string_body>;

// Builds `status` with body {"code":code,"message":message}, Content-Type
// "application/json; charset=utf-8", the Connection header matching `keep_alive` for `version`,
// and Content-Length set; a 503 also carries `Retry-After: 1`. Invalid UTF-8 in `message` is
// replaced (U+FFFD), never thrown on. A non-empty `request_id` adds "requestId" to the body
// (http/request_id.hpp).
response make_error(boost::beast::http::status status, std::string_view code,
                    std::string_view message, unsigned version = 11, bool keep_alive = true,
                    std::string_view request_id = {});

}  // namespace shop::http
