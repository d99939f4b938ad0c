// Which client request ids are echoed, and what the server makes when it cannot echo one.
#include "http/request_id.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>

using namespace shop::http;

TEST_CASE("a client's request id is kept only when it is short and plain", "[request-id]") {
  CHECK(sane_request_id("abc-123"));
  CHECK(sane_request_id("trace:4bf92f35.00f067aa_01"));
  CHECK(sane_request_id(std::string(128, 'a')));
  CHECK_FALSE(sane_request_id(""));
  CHECK_FALSE(sane_request_id(std::string(129, 'a')));
  CHECK_FALSE(sane_request_id("two words"));
  CHECK_FALSE(sane_request_id("quote\"d"));
  CHECK_FALSE(sane_request_id("line\nbreak"));
  CHECK_FALSE(sane_request_id("caf\xc3\xa9"));
}

TEST_CASE("the request's id when sane, else a new plain one each time", "[request-id]") {
  request given{boost::beast::http::verb::get, "/health/live", 11};
  given.set("X-Request-Id", "client-42");
  CHECK(request_id_of(given) == "client-42");

  request forged{boost::beast::http::verb::get, "/health/live", 11};
  forged.set("X-Request-Id", "x rid=forged");
  request none{boost::beast::http::verb::get, "/health/live", 11};
  std::set<std::string> made;
  for (int i = 0; i < 100; ++i) {
    for (const auto* req : {&forged, &none}) {
      auto id = request_id_of(*req);
      CHECK(sane_request_id(id));
      CHECK(id.find("forged") == std::string::npos);
      made.insert(id);
    }
  }
  CHECK(made.size() == 200);
}
