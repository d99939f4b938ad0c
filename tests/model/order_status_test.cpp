#include "model/order_status.hpp"

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace shop::model;

TEST_CASE("each order status has one name and reads back from it", "[model]") {
  CHECK(to_string(order_status::pending) == "PENDING");
  CHECK(to_string(order_status::paid) == "PAID");
  CHECK(to_string(order_status::cancelled) == "CANCELLED");
  CHECK(to_string(order_status::expired) == "EXPIRED");
  for (std::size_t i = 0; i < order_status_count; ++i) {
    auto s = static_cast<order_status>(i);
    CHECK(order_status_from_string(to_string(s)) == s);
  }
  CHECK_FALSE(order_status_from_string("paid"));
  CHECK_FALSE(order_status_from_string(""));
  CHECK_FALSE(order_status_from_string("REFUNDED"));
}

TEST_CASE("an order status travels as its name, as stored replies hold it", "[model]") {
  std::vector<char> buf;
  caf::binary_serializer sink{nullptr, buf};
  std::string written = "CANCELLED";  // what a reply encoded with a text status holds
  REQUIRE_FALSE(sink(written));
  order_status read = order_status::pending;
  caf::binary_deserializer source{nullptr, buf};
  REQUIRE_FALSE(source(by_name(read)));
  CHECK(read == order_status::cancelled);

  std::vector<char> again;
  caf::binary_serializer sink2{nullptr, again};
  REQUIRE_FALSE(sink2(by_name(read)));
  CHECK(again == buf);
}

TEST_CASE("an unknown status name fails to decode", "[model]") {
  std::vector<char> buf;
  caf::binary_serializer sink{nullptr, buf};
  std::string written = "REFUNDED";
  REQUIRE_FALSE(sink(written));
  order_status read = order_status::pending;
  caf::binary_deserializer source{nullptr, buf};
  CHECK(source(by_name(read)));
  CHECK(read == order_status::pending);
}
