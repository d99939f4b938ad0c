#include "model/coupon_status.hpp"

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "model/rows.hpp"

using namespace shop::model;

TEST_CASE("each coupon status has one name and reads back from it", "[model]") {
  CHECK(to_string(coupon_status::available) == "AVAILABLE");
  CHECK(to_string(coupon_status::used) == "USED");
  CHECK(to_string(coupon_status::expired) == "EXPIRED");
  for (std::size_t i = 0; i < coupon_status_names.size(); ++i) {
    auto s = static_cast<coupon_status>(i);
    CHECK(enum_of_name<coupon_status>(to_string(s)) == s);
  }
  CHECK_FALSE(enum_of_name<coupon_status>("used"));
  CHECK_FALSE(enum_of_name<coupon_status>(""));
  CHECK_FALSE(enum_of_name<coupon_status>("PENDING"));
}

// A keyed issue's stored reply is a user_coupon_row; records written while its status was a
// string must still decode to the same coupon.
TEST_CASE("a held coupon encoded with a text status decodes to the same coupon", "[model]") {
  std::vector<char> buf;
  caf::binary_serializer sink{nullptr, buf};
  std::int64_t id = 5, user = 7, coupon = 1, issued = 1000, expires = 2000, used_at = 0,
               version = 1;
  std::string status = "USED", name = "10% off", type = "RATE";
  std::int64_t value = 10;
  REQUIRE_FALSE(
      sink(id, user, coupon, status, issued, expires, used_at, version, name, type, value));

  user_coupon_row read;
  caf::binary_deserializer source{nullptr, buf};
  REQUIRE_FALSE(source(read));
  CHECK(source.remaining() == 0);
  CHECK(read.status == coupon_status::used);
  CHECK(read.user_id == 7);
  CHECK(read.discount_value == 10);

  std::vector<char> again;
  caf::binary_serializer sink2{nullptr, again};
  REQUIRE_FALSE(sink2(read));
  CHECK(again == buf);
}

TEST_CASE("an unknown coupon status name fails to decode", "[model]") {
  std::vector<char> buf;
  caf::binary_serializer sink{nullptr, buf};
  std::string written = "REFUNDED";
  REQUIRE_FALSE(sink(written));
  coupon_status read = coupon_status::available;
  caf::binary_deserializer source{nullptr, buf};
  CHECK(source(by_name(read)));
  CHECK(read == coupon_status::available);
}
