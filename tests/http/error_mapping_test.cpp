#include "http/error_mapping.hpp"

#include <caf/sec.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <iterator>
#include <string_view>

using namespace shop;
using namespace shop::http;
using boost::beast::http::status;

TEST_CASE("shop errors map to the status and code of API.md", "[errors]") {
  CHECK(to_http(shop_error::product_not_found).status == status::not_found);
  CHECK(to_http(shop_error::product_not_found).code == "PRODUCT_NOT_FOUND");
  CHECK(to_http(shop_error::insufficient_stock).status == status::bad_request);
  CHECK(to_http(shop_error::insufficient_stock).code == "INSUFFICIENT_STOCK");
  CHECK(to_http(shop_error::forbidden).status == status::forbidden);
  CHECK(to_http(shop_error::idempotency_key_reused).status == status::conflict);
  CHECK(to_http(shop_error::unavailable).status == status::service_unavailable);
  CHECK(to_http(shop_error::order_expired).code == "ORDER_EXPIRED");
}

TEST_CASE("every shop error has an upper-case code and is never a 500 unless storage failed",
          "[errors]") {
  for (int i = 1; i <= static_cast<int>(shop_error::storage_failed); ++i) {
    auto e = static_cast<shop_error>(i);
    auto f = to_http(e);
    CHECK_FALSE(f.code.empty());
    for (char ch : f.code) CHECK((ch == '_' || (ch >= 'A' && ch <= 'Z')));
    auto code = static_cast<int>(f.status);
    if (e != shop_error::storage_failed) CHECK(((code >= 400 && code < 500) || code == 503));
  }
}

TEST_CASE("runtime failures (timeouts, actors gone) are 503", "[errors]") {
  CHECK(to_http(caf::make_error(caf::sec::request_timeout)).status == status::service_unavailable);
  CHECK(to_http(make_error(shop_error::user_not_found)).status == status::not_found);
}

TEST_CASE("an actor that is not live is 404 ACTOR_NOT_LIVE", "[errors]") {
  CHECK(to_http(shop_error::actor_not_live).status == status::not_found);
  CHECK(to_http(shop_error::actor_not_live).code == "ACTOR_NOT_LIVE");
}

// The contract, written out again from ../shared/spec/API.md (and docs/api-notes.md for the
// server's own refusals and the operator codes), so that a changed row fails here.
TEST_CASE("every shop error answers the status and code the API contract names", "[errors]") {
  struct expected {
    shop_error error;
    status http_status;
    std::string_view code;
  };
  const expected contract[] = {
      {shop_error::invalid_argument, status::bad_request, "INVALID_ARGUMENT"},
      {shop_error::invalid_amount, status::bad_request, "INVALID_AMOUNT"},
      {shop_error::invalid_quantity, status::bad_request, "INVALID_QUANTITY"},
      {shop_error::product_not_found, status::not_found, "PRODUCT_NOT_FOUND"},
      {shop_error::option_not_found, status::not_found, "OPTION_NOT_FOUND"},
      {shop_error::product_unavailable, status::bad_request, "PRODUCT_UNAVAILABLE"},
      {shop_error::insufficient_stock, status::bad_request, "INSUFFICIENT_STOCK"},
      {shop_error::user_not_found, status::not_found, "USER_NOT_FOUND"},
      {shop_error::balance_limit_exceeded, status::bad_request, "BALANCE_LIMIT_EXCEEDED"},
      {shop_error::cart_item_not_found, status::not_found, "CART_ITEM_NOT_FOUND"},
      {shop_error::empty_order, status::bad_request, "EMPTY_ORDER"},
      {shop_error::insufficient_balance, status::bad_request, "INSUFFICIENT_BALANCE"},
      {shop_error::order_not_found, status::not_found, "ORDER_NOT_FOUND"},
      {shop_error::order_expired, status::bad_request, "ORDER_EXPIRED"},
      {shop_error::order_already_paid, status::bad_request, "ORDER_ALREADY_PAID"},
      {shop_error::order_cancelled, status::bad_request, "ORDER_CANCELLED"},
      {shop_error::coupon_not_found, status::not_found, "COUPON_NOT_FOUND"},
      {shop_error::coupon_sold_out, status::bad_request, "COUPON_SOLD_OUT"},
      {shop_error::already_issued, status::bad_request, "ALREADY_ISSUED"},
      {shop_error::coupon_not_started, status::bad_request, "COUPON_NOT_STARTED"},
      {shop_error::expired_coupon, status::bad_request, "EXPIRED_COUPON"},
      {shop_error::already_used, status::bad_request, "ALREADY_USED"},
      {shop_error::invalid_coupon, status::bad_request, "INVALID_COUPON"},
      {shop_error::forbidden, status::forbidden, "FORBIDDEN"},
      {shop_error::idempotency_key_reused, status::conflict, "IDEMPOTENCY_KEY_REUSED"},
      {shop_error::unavailable, status::service_unavailable, "SERVICE_UNAVAILABLE"},
      {shop_error::storage_failed, status::internal_server_error, "INTERNAL"},
      {shop_error::actor_not_live, status::not_found, "ACTOR_NOT_LIVE"},
      {shop_error::unauthorized, status::unauthorized, "UNAUTHORIZED"},
      {shop_error::invalid_json, status::bad_request, "INVALID_JSON"},
      {shop_error::unknown_path, status::not_found, "NOT_FOUND"},
      {shop_error::method_not_allowed, status::method_not_allowed, "METHOD_NOT_ALLOWED"},
      {shop_error::payload_too_large, status::payload_too_large, "PAYLOAD_TOO_LARGE"},
      {shop_error::header_too_large, status::request_header_fields_too_large, "INVALID_ARGUMENT"},
      {shop_error::internal, status::internal_server_error, "INTERNAL"},
      {shop_error::outcome_unknown, status::service_unavailable, "SERVICE_UNAVAILABLE"},
      {shop_error::stock_out_of_step, status::service_unavailable, "SERVICE_UNAVAILABLE"},
  };
  // One line per value: a value added to the enum must be added here too.
  REQUIRE(std::size(contract) + 1 == static_cast<std::size_t>(shop_error::count_));
  for (std::size_t i = 0; i < std::size(contract); ++i) {
    const auto& x = contract[i];
    INFO("shop_error " << static_cast<int>(x.error));
    CHECK(static_cast<std::size_t>(x.error) == i + 1);
    CHECK(to_http(x.error).status == x.http_status);
    CHECK(to_http(x.error).code == x.code);
    CHECK(code_of(x.error) == x.code);
    CHECK_FALSE(message_of(x.error).empty());
  }
}

TEST_CASE("an error response carries the table's status, code and message", "[errors]") {
  auto res = error_response(shop_error::invalid_json, 10, false);
  CHECK(res.result() == status::bad_request);
  CHECK(res.version() == 10);
  CHECK_FALSE(res.keep_alive());
  CHECK(res.body() == R"({"code":"INVALID_JSON","message":"the body must be a JSON object"})");
  res = error_response(shop_error::insufficient_stock, "only 2 left");
  CHECK(res.result() == status::bad_request);
  CHECK(res.body() == R"({"code":"INSUFFICIENT_STOCK","message":"only 2 left"})");
}

TEST_CASE("a runtime failure answers 503 SERVICE_UNAVAILABLE", "[errors]") {
  auto f = to_http(caf::make_error(caf::sec::runtime_error));
  CHECK(f.status == status::service_unavailable);
  CHECK(f.code == "SERVICE_UNAVAILABLE");
}

TEST_CASE("a request whose node stopped answering is 503 SERVICE_UNAVAILABLE that says so",
          "[errors]") {
  auto f = to_http(make_error(shop_error::outcome_unknown));
  CHECK(f.status == status::service_unavailable);
  CHECK(f.code == "SERVICE_UNAVAILABLE");
  auto body = nlohmann::json::parse(error_response(shop_error::outcome_unknown).body());
  CHECK(body.at("message") != message_of(shop_error::unavailable));
  CHECK(body.at("message").get<std::string>().find("Idempotency-Key") != std::string::npos);
}
