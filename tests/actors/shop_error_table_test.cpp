#include "actors/shop_error_table.hpp"

#include <catch2/catch.hpp>

using namespace shop;

// The status and code of each value are checked against the API contract in
// tests/http/error_mapping_test.cpp; these are the table's own promises.

TEST_CASE("every shop error has an upper-case code, a message and an error status", "[errors]") {
  for (int i = 1; i < static_cast<int>(shop_error::count_); ++i) {
    const auto e = static_cast<shop_error>(i);
    INFO("shop_error " << i);
    CHECK_FALSE(code_of(e).empty());
    for (char ch : code_of(e)) CHECK((ch == '_' || (ch >= 'A' && ch <= 'Z')));
    CHECK_FALSE(message_of(e).empty());
    CHECK(http_status_of(e) >= 400);
    CHECK(http_status_of(e) < 600);
  }
}

TEST_CASE("a shop error without a message of its own is told by its code", "[errors]") {
  CHECK(message_of(shop_error::invalid_amount) == "INVALID_AMOUNT");
  CHECK(message_of(shop_error::insufficient_stock) == "not enough stock for this quantity");
}

TEST_CASE("a value outside the enum is the server's own failure", "[errors]") {
  const auto unknown = static_cast<shop_error>(static_cast<int>(shop_error::count_) + 3);
  CHECK(code_of(unknown) == "INTERNAL");
  CHECK(http_status_of(unknown) == 500);
  CHECK(code_of(static_cast<shop_error>(0)) == "INTERNAL");
}

TEST_CASE("every error that tells a client to retry later is one a key never keeps as its answer",
          "[errors]") {
  for (int i = 1; i < static_cast<int>(shop_error::count_); ++i) {
    const auto e = static_cast<shop_error>(i);
    INFO("shop_error " << code_of(e));
    if (http_status_of(e) == 503) CHECK(retry_later(e));
    if (retry_later(e)) CHECK(http_status_of(e) >= 500);
  }
  CHECK_FALSE(retry_later(shop_error::insufficient_balance));
  CHECK_FALSE(retry_later(shop_error::forbidden));
}
