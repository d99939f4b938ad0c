// The paths and headers of the shop's customer requests, free of any test framework: the
// Catch2 suites (shop_users.hpp, shop_orders.hpp) and the chaos driver (tests/chaos/) build
// their requests with these.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "tests/support/http_client.hpp"

namespace shop::test {

inline header_list bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}
inline header_list with_key(header_list h, std::string idempotency_key) {
  h.emplace_back("Idempotency-Key", std::move(idempotency_key));
  return h;
}

// "/api/users/{id}" + rest, e.g. user_path(7, "/balance").
inline std::string user_path(std::int64_t id, const std::string& rest) {
  return "/api/users/" + std::to_string(id) + rest;
}

// "/api/orders/{id}" + rest, e.g. order_path(100, "/payment").
inline std::string order_path(std::int64_t id, const std::string& rest = "") {
  return "/api/orders/" + std::to_string(id) + rest;
}

}  // namespace shop::test
