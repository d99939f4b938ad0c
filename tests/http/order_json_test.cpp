// The one rendering of an order: the API's body, the data platform's, a payment's answer.
#include "http/order_json.hpp"

#include <catch2/catch.hpp>

#include "tests/http/paid_order.hpp"

using namespace shop;
using nlohmann::json;

using test::paid_order;

TEST_CASE("an order's API body carries its amounts, items with subtotals and its times",
          "[http][orders]") {
  auto j = http::order_json(paid_order());
  CHECK(j == json{{"orderId", 100},
                  {"userId", 7},
                  {"status", "PAID"},
                  {"totalAmount", 121000},
                  {"discountAmount", 12100},
                  {"paidAmount", 108900},
                  {"couponId", 55},
                  {"items",
                   {{{"productId", 1},
                     {"productOptionId", 11},
                     {"productName", "Linen shirt"},
                     {"optionName", "M"},
                     {"unitPrice", 39000},
                     {"quantity", 3},
                     {"subtotal", 117000}},
                    {{"productId", 2},
                     {"productOptionId", 21},
                     {"productName", "Socks"},
                     {"optionName", "Grey"},
                     {"unitPrice", 2000},
                     {"quantity", 2},
                     {"subtotal", 4000}}}},
                  {"createdAt", "2026-11-23T10:15:00.000Z"},
                  {"expiresAt", "2026-11-23T10:25:00.000Z"},
                  {"paidAt", "2026-11-23T10:25:30.123Z"}});
}

TEST_CASE("an unpaid order without a coupon has null couponId and paidAt", "[http][orders]") {
  auto o = paid_order();
  o.row.status = model::order_status::pending;
  o.row.user_coupon_id = 0;
  o.row.paid_at_ms = 0;
  auto j = http::order_json(o);
  CHECK(j.at("couponId").is_null());
  CHECK(j.at("paidAt").is_null());
  CHECK(j.at("status") == "PENDING");
}

TEST_CASE("the data platform gets the API body without the hold's times", "[http][orders]") {
  auto o = paid_order();
  auto delivery = http::order_delivery_json(o);
  auto api = http::order_json(o);
  api.erase("createdAt");
  api.erase("expiresAt");
  CHECK(delivery == api);
}

TEST_CASE("a payment's answer is the settled order and the balance left", "[http][orders]") {
  auto j = http::payment_json({paid_order().row, 44700});
  CHECK(j == json{{"orderId", 100},
                  {"status", "PAID"},
                  {"totalAmount", 121000},
                  {"discountAmount", 12100},
                  {"paidAmount", 108900},
                  {"couponId", 55},
                  {"paidAt", "2026-11-23T10:25:30.123Z"},
                  {"balance", 44700}});
}
