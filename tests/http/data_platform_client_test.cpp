// The data platform transport against a receiver on loopback: what it sends, what counts as
// delivered, and that every failure comes back as text within the timeout.
#include "http/data_platform_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "tests/http/paid_order.hpp"
#include "tests/support/data_platform_receiver.hpp"

using namespace shop;
using nlohmann::json;
using test::paid_order;

namespace {

// A port on which nothing listens (bound, then closed again).
unsigned short closed_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a{ioc, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  auto port = a.local_endpoint().port();
  a.close();
  return port;
}

constexpr std::chrono::milliseconds timeout{2000};

}  // namespace

TEST_CASE("a delivery is a JSON POST with the order's idempotency key", "[http][delivery]") {
  test::data_platform_receiver receiver;
  auto deliver = http::make_data_platform_transport(receiver.url("/v1/orders?src=shop"), timeout);
  CHECK_FALSE(deliver(paid_order()));  // 200: delivered
  auto got = receiver.received();
  REQUIRE(got.size() == 1);
  CHECK(got[0].method == "POST");
  CHECK(got[0].target == "/v1/orders?src=shop");
  CHECK(got[0].content_type == "application/json");
  CHECK(got[0].idempotency_key == "order-100");
  auto j = json::parse(got[0].body);
  CHECK(j.at("orderId") == 100);
  CHECK(j.at("userId") == 7);
  CHECK(j.at("status") == "PAID");
  CHECK(j.at("totalAmount") == 121000);
  CHECK(j.at("discountAmount") == 12100);
  CHECK(j.at("paidAmount") == 108900);
  CHECK(j.at("couponId") == 55);
  CHECK(j.at("paidAt") == "2026-11-23T10:25:30.123Z");
  REQUIRE(j.at("items").size() == 2);
  auto first = j.at("items").at(0);
  CHECK(first == json{{"productId", 1},
                      {"productOptionId", 11},
                      {"productName", "Linen shirt"},
                      {"optionName", "M"},
                      {"unitPrice", 39000},
                      {"quantity", 3},
                      {"subtotal", 117000}});
  CHECK(j.at("items").at(1).at("subtotal") == 4000);
}

TEST_CASE("an order paid without a coupon carries couponId null", "[http][delivery]") {
  test::data_platform_receiver receiver;
  auto order = paid_order();
  order.row.user_coupon_id = 0;
  CHECK_FALSE(http::make_data_platform_transport(receiver.url(), timeout)(order));
  auto got = receiver.received();
  REQUIRE(got.size() == 1);
  CHECK(json::parse(got[0].body).at("couponId").is_null());
}

TEST_CASE("a refusal is an error naming the status, and a retry can succeed", "[http][delivery]") {
  test::data_platform_receiver receiver;
  auto deliver = http::make_data_platform_transport(receiver.url(), timeout);
  receiver.refuse(true);
  auto err = deliver(paid_order());
  REQUIRE(err);
  CHECK(err->find("503") != std::string::npos);
  CHECK(err->find("down for maintenance") != std::string::npos);  // the start of the body
  receiver.refuse(false);
  CHECK_FALSE(deliver(paid_order()));
  auto got = receiver.received();
  REQUIRE(got.size() == 2);
  CHECK(got[0].answered == 503);
  CHECK(got[1].answered == 200);
  CHECK(got[0].idempotency_key == got[1].idempotency_key);  // the receiver can drop the repeat
}

TEST_CASE("nobody listening is an error, not an exception", "[http][delivery]") {
  auto port = closed_port();
  auto deliver = http::make_data_platform_transport(
      "http://127.0.0.1:" + std::to_string(port) + "/orders", timeout);
  auto err = deliver(paid_order());
  REQUIRE(err);
  CHECK(err->find("connect") != std::string::npos);
  CHECK(err->find(std::to_string(port)) != std::string::npos);
}

TEST_CASE("a receiver that never answers costs the timeout, then an error", "[http][delivery]") {
  test::data_platform_receiver receiver;
  receiver.stall(true);
  auto deliver = http::make_data_platform_transport(receiver.url(), std::chrono::milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  auto err = deliver(paid_order());
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(err);
  CHECK(err->find("timed out") != std::string::npos);
  CHECK(took >= std::chrono::milliseconds(250));
  CHECK(took < std::chrono::seconds(2));
  CHECK(receiver.received().size() == 1);
}

TEST_CASE("a transport for a url that does not parse is refused when it is made",
          "[http][delivery]") {
  CHECK_THROWS_AS(http::make_data_platform_transport("https://x/", timeout), std::invalid_argument);
}
