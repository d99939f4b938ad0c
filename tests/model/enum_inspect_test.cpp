#include "model/enum_inspect.hpp"

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "model/row_image.hpp"

using namespace shop::model;

namespace {

template <class T>
std::vector<char> encode(T&& x) {
  std::vector<char> buf;
  caf::binary_serializer sink{nullptr, buf};
  REQUIRE_FALSE(sink(x));
  return buf;
}

}  // namespace

TEST_CASE("a checked enum travels as its underlying integer", "[model]") {
  auto t = table_id::coupons;
  auto buf = encode(checked(t, table_id::count_));
  CHECK(buf == encode(static_cast<std::uint8_t>(table_id::coupons)));
  table_id read = table_id::products;
  caf::binary_deserializer source{nullptr, buf};
  REQUIRE_FALSE(source(checked(read, table_id::count_)));
  CHECK(read == table_id::coupons);
}

TEST_CASE("a checked enum past its last enumerator fails to decode", "[model]") {
  auto buf = encode(static_cast<std::uint8_t>(table_id::count_));
  table_id read = table_id::products;
  caf::binary_deserializer source{nullptr, buf};
  CHECK(source(checked(read, table_id::count_)));
  CHECK(read == table_id::products);
}

TEST_CASE("a row image reads back with its table and column kinds", "[model]") {
  row_image img{table_id::orders, 5, 2, false, {column_value::of(7), column_value::time(9)}};
  auto buf = encode(img);
  row_image read;
  caf::binary_deserializer source{nullptr, buf};
  REQUIRE_FALSE(source(read));
  CHECK(read.table == table_id::orders);
  REQUIRE(read.values.size() == 2);
  CHECK(read.values[0].kind == column_value::integer);
  CHECK(read.values[1].kind == column_value::time_ms);
  CHECK(read.values[1].number == 9);
}

TEST_CASE("a row image of an unknown table fails to decode", "[model]") {
  row_image img{table_id::orders, 5, 2, false, {}};
  auto buf = encode(img);
  buf.at(0) = static_cast<char>(table_id::count_);  // the table is the first field
  row_image read;
  caf::binary_deserializer source{nullptr, buf};
  CHECK(source(read));
}
