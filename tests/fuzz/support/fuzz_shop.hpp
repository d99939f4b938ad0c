// What the fuzz targets share: the shop's route table (http/shop_routes.cpp) behind the real
// dispatcher, over the stubbed operations (service_stub.hpp), and the rule every answer obeys.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/api_context.hpp"
#include "http/http_server.hpp"

namespace shop::fuzz {

// The dispatcher shop-server builds (app/shop_server.cpp), with customer checks on (auth.mode
// jwt) or off (auth.mode none, so a body reaches its handler without a token).
class shop_front {
 public:
  explicit shop_front(bool check_customers);

  // The answer to `req`. Operations are stubbed and answer at once, so every request is answered
  // before dispatch returns; one that is not is a finding (the connection would hang).
  http::response answer(http::request&& req) const;

  static constexpr std::string_view admin_token = "fuzz-admin-token-4f7c2a";
  static constexpr std::string_view jwt_secret = "fuzz-jwt-secret-9b1e6d";

 private:
  http::api_context api_;  // the routes hold it by reference
  http::dispatch_fn dispatch_;
};

// A request as a client would send it: method, target, body, an optional bearer token and
// Idempotency-Key.
http::request make_request(boost::beast::http::verb method, std::string_view target,
                           std::string body, std::string_view bearer = {},
                           std::optional<std::string_view> idempotency_key = std::nullopt);

// Aborts (a finding for libFuzzer) unless `res` is what a client may get for anything it sends:
// no 500, a known status, and a JSON body that parses when it says it is JSON.
void check_answer(const http::response& res);

// spdlog off: an access-log line per input would make the targets I/O-bound.
void quiet_logs();

}  // namespace shop::fuzz
