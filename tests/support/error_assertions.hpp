// Catch2 assertions on the error body of API.md: {"code": "...", "message": "..."}.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "tests/support/http_client.hpp"

namespace shop::test {

// The answer has `status`, a string `code` equal to `code`, and a non-empty string `message`.
inline void require_error(const http_result& r, int status, const std::string& code) {
  INFO("status " << r.status << ", body: " << r.body);
  REQUIRE(r.status == status);
  auto j = r.json();
  REQUIRE(j.is_object());
  REQUIRE(j.contains("code"));
  REQUIRE(j["code"].is_string());
  CHECK(j["code"].get<std::string>() == code);
  REQUIRE(j.contains("message"));
  REQUIRE(j["message"].is_string());
  CHECK_FALSE(j["message"].get<std::string>().empty());
}

}  // namespace shop::test
