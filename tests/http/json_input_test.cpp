#include "http/json_input.hpp"

#include <catch2/catch.hpp>

using namespace shop::http;
using nlohmann::json;

TEST_CASE("integer fields are integers in range", "[json]") {
  auto j = json::parse(R"({"a": 5, "b": 5.5, "c": "5", "d": -1, "e": 18446744073709551615})");
  field_reader f(j);
  CHECK(f.integer("a", 0, 10) == 5);
  CHECK(f.ok());
  CHECK_FALSE(f.integer("b", 0, 10));
  CHECK(f.error().find("b must be an integer") == 0);
  field_reader g(j);
  CHECK_FALSE(g.integer("c", 0, 10));
  field_reader h(j);
  CHECK_FALSE(h.integer("d", 0, 10));
  field_reader k(j);
  CHECK_FALSE(k.integer("e", 0, 10));
  field_reader m(j);
  CHECK_FALSE(m.integer("missing", 0, 10));
  CHECK(m.error() == "missing is required");
  field_reader n(j);
  CHECK_FALSE(n.integer("missing", 0, 10, false));
  CHECK(n.ok());
}

TEST_CASE("text fields are strings, not blank when required, bounded", "[json]") {
  auto j = json::parse(R"({"a": "hi", "b": "   ", "c": 3, "d": "toolong"})");
  field_reader f(j);
  CHECK(f.text("a", 10) == "hi");
  CHECK_FALSE(f.text("b", 10));
  field_reader g(j);
  CHECK_FALSE(g.text("c", 10));
  field_reader h(j);
  CHECK_FALSE(h.text("d", 3));
}

TEST_CASE("times are RFC 3339 UTC with milliseconds", "[json]") {
  CHECK(format_time(0) == "1970-01-01T00:00:00.000Z");
  CHECK(format_time(1795429530123) == "2026-11-23T10:25:30.123Z");
}

TEST_CASE("times are RFC 3339 with a zone", "[json][time]") {
  using shop::http::parse_time;
  CHECK(parse_time("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_time("2026-11-23T10:15:30.123Z") == 1795428930123);
  CHECK(parse_time("2026-11-23T19:15:30.123+09:00") == 1795428930123);
  CHECK(parse_time("2026-11-23T10:15:30.1Z") == 1795428930100);
  CHECK_FALSE(parse_time("2026-11-23T10:15:30"));  // no zone
  CHECK_FALSE(parse_time("2026-11-23 10:15:30Z"));
  CHECK_FALSE(parse_time("2026-02-30T00:00:00Z"));
  CHECK_FALSE(parse_time("2026-11-23T10:15:30Zjunk"));
  CHECK_FALSE(parse_time("2026-11-23T10:15:30.Z"));
  // The instant, not the local date, must lie between 1970 and the end of 9999 UTC.
  CHECK(parse_time("9999-12-31T23:59:59.999Z") == 253402300799999);
  CHECK_FALSE(parse_time("9999-12-31T23:59:59.999-23:59"));
  CHECK_FALSE(parse_time("9999-12-31T23:00:00-01:00"));
  CHECK_FALSE(parse_time("1970-01-01T00:00:00+23:59"));
  CHECK(parse_time("1970-01-01T09:00:00+09:00") == 0);
  CHECK_FALSE(parse_time(""));
  CHECK(shop::http::format_time(*parse_time("2026-11-23T10:15:30.123Z")) ==
        "2026-11-23T10:15:30.123Z");
}
