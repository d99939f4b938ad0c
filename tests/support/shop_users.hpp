// Customers for the end-to-end tests: create one through POST /admin/users, build Authorization
// headers, read a balance over HTTP and in SQL, and make HS256 JWTs by hand.
//
// The JWTs are built here with OpenSSL on purpose, not with the product's http/customer_token
// code: a test that shares the code it checks cannot catch that code's mistakes.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/shop_requests.hpp"
#include "tests/support/test_database.hpp"

namespace shop::test {

// The JWT secret server_process gives every shop-server it starts.
constexpr const char* test_jwt_secret = "test-secret";

struct shop_user {
  std::int64_t id = 0;
  std::string name;
  std::string token;  // the customer JWT POST /admin/users answered
};

inline header_list bearer(const shop_user& u) {
  return bearer(u.token);
}

// POST /admin/users; requires 201 with a positive userId and a non-empty token.
inline shop_user create_user(unsigned short port, const std::string& name,
                             std::int64_t initial_balance = 0) {
  nlohmann::json body = {{"name", name}, {"initialBalance", initial_balance}};
  auto r = http_call(port, "POST", "/admin/users", body.dump(), server_process::admin_headers());
  INFO("POST /admin/users " << body.dump() << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 201);
  auto j = r.json();
  REQUIRE(j.at("userId").is_number_integer());
  REQUIRE(j.at("userId").get<std::int64_t>() > 0);
  REQUIRE(j.at("token").is_string());
  REQUIRE_FALSE(j.at("token").get<std::string>().empty());
  return {j.at("userId").get<std::int64_t>(), name, j.at("token").get<std::string>()};
}

// GET /api/users/{id}/balance with the user's own token; requires 200.
inline std::int64_t http_balance(unsigned short port, const shop_user& u) {
  auto r = http_call(port, "GET", user_path(u.id, "/balance"), "", bearer(u));
  INFO("GET balance of user " << u.id << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  return r.json().at("balance").get<std::int64_t>();
}

// users.balance as committed in MariaDB.
inline std::int64_t sql_balance(std::int64_t user_id) {
  return query_int("SELECT balance FROM users WHERE id = " + std::to_string(user_id));
}

inline std::int64_t unix_now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// RFC 4648 base64url without padding.
inline std::string base64url(std::string_view in) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const auto n = (std::uint32_t(std::uint8_t(in[i])) << 16) |
                   (std::uint32_t(std::uint8_t(in[i + 1])) << 8) | std::uint8_t(in[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  if (const auto rest = in.size() - i; rest > 0) {
    std::uint32_t n = std::uint32_t(std::uint8_t(in[i])) << 16;
    if (rest == 2) n |= std::uint32_t(std::uint8_t(in[i + 1])) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    if (rest == 2) out += alphabet[(n >> 6) & 63];
  }
  return out;
}

inline std::string hmac_sha256(const std::string& key, const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  REQUIRE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
               reinterpret_cast<const unsigned char*>(data.data()), data.size(), md,
               &len) != nullptr);
  return std::string(reinterpret_cast<const char*>(md), len);
}

// header.payload.signature, signed with HMAC-SHA256 under `secret` (whatever `header` claims).
inline std::string signed_jwt(const std::string& header_json, const std::string& payload_json,
                              const std::string& secret) {
  const auto signing_input = base64url(header_json) + "." + base64url(payload_json);
  return signing_input + "." + base64url(hmac_sha256(secret, signing_input));
}

// A customer token as the contract describes it: HS256, sub = decimal user id, exp in seconds.
inline std::string customer_jwt(std::int64_t user_id, std::int64_t exp_s,
                                const std::string& secret = test_jwt_secret) {
  return signed_jwt(
      R"({"alg":"HS256","typ":"JWT"})",
      R"({"sub":")" + std::to_string(user_id) + R"(","exp":)" + std::to_string(exp_s) + "}",
      secret);
}

}  // namespace shop::test
