#include "http/error_body.hpp"

#include <catch2/catch.hpp>

using namespace shop::http;
using boost::beast::http::field;
using boost::beast::http::status;

TEST_CASE("a 503 tells the client when to retry, other errors do not", "[errors]") {
  auto busy = make_error(status::service_unavailable, "SERVICE_UNAVAILABLE", "moving");
  CHECK(busy[field::retry_after] == "1");
  auto refused = make_error(status::conflict, "INSUFFICIENT_STOCK", "none left");
  CHECK(refused.find(field::retry_after) == refused.end());
}
