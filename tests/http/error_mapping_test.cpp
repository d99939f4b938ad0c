#include "http/error_mapping.hpp"

#include <caf/sec.hpp>
#include <catch2/catch.hpp>

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
