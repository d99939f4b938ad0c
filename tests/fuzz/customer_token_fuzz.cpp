// Customer tokens (http/customer_token.cpp): the JWT a client sends as `Authorization: Bearer`.
// A forged signature stops before any JSON is parsed, so a second mode signs what the fuzzer
// writes with the server's secret to reach the header and claim checks behind it.
//
// Input: one mode byte, then
//   0: the token as sent;
//   1: header JSON, a newline, payload JSON: encoded and signed with the secret, then verified;
//   2: a user id (8 bytes) and a lifetime (4 bytes): issued, then verified.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "http/customer_token.hpp"

namespace {

constexpr std::string_view secret = "fuzz-jwt-secret-9b1e6d";
constexpr std::int64_t now_s = 1796000000;  // 2026-11-29: fixed, so runs repeat

[[noreturn]] void finding(const char* what, std::string_view token) {
  std::fprintf(stderr, "fuzz finding: %s: %.*s\n", what, static_cast<int>(token.size()),
               token.data());
  std::abort();
}

// Written here, not taken from the code under test, so the two can disagree.
std::string b64url(std::string_view in) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) out += alphabet[(acc >> (bits -= 6)) & 0x3F];
  }
  if (bits > 0) out += alphabet[(acc << (6 - bits)) & 0x3F];
  return out;
}

// HS256 with OpenSSL's own HMAC, independent of the one under test.
std::string sign(std::string_view header, std::string_view payload) {
  const std::string input = b64url(header) + "." + b64url(payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
  return input + "." + b64url({reinterpret_cast<const char*>(mac), len});
}

// An accepted token's claims must say what verify answered: sub is that id, exp is still ahead.
void check_claims(std::string_view payload, std::int64_t id, std::string_view token) {
  auto p = nlohmann::json::parse(payload, nullptr, false);
  if (!p.is_object()) finding("accepted with a payload that is not an object", token);
  // The id in decimal digits; leading zeros are taken (the signature vouches for the claim, and
  // "007" names user 7 as plainly as "7").
  const auto sub = p.find("sub");
  if (sub == p.end() || !sub->is_string()) finding("accepted without a string sub", token);
  const auto& digits = sub->get_ref<const std::string&>();
  const auto first = digits.find_first_not_of('0');
  if (digits.find_first_not_of("0123456789") != std::string::npos || first == std::string::npos ||
      digits.substr(first) != std::to_string(id))
    finding("accepted for a user its sub does not name", token);
  const auto exp = p.find("exp");
  if (exp == p.end() || !exp->is_number_integer() || exp->get<std::int64_t>() <= now_s)
    finding("accepted without a future exp", token);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest{reinterpret_cast<const char*>(data) + 1, size - 1};
  switch (data[0] % 3) {
    case 0: {
      std::string why;
      auto id = shop::http::verify_customer_token(rest, secret, now_s, &why);
      if (id && *id <= 0) finding("accepted for a user id that is not positive", rest);
      break;
    }
    case 1: {
      const auto nl = rest.find('\n');
      if (nl == std::string_view::npos) return 0;
      const auto header = rest.substr(0, nl);
      const auto payload = rest.substr(nl + 1);
      const auto token = sign(header, payload);
      auto id = shop::http::verify_customer_token(token, secret, now_s);
      if (id) check_claims(payload, *id, token);
      break;
    }
    default: {
      if (rest.size() < 12) return 0;
      std::int64_t user = 0;
      std::int32_t ttl = 0;
      std::memcpy(&user, rest.data(), 8);
      std::memcpy(&ttl, rest.data() + 8, 4);
      const auto token = shop::http::issue_customer_token(secret, user, now_s, ttl);
      auto id = shop::http::verify_customer_token(token, secret, now_s);
      const bool should = user > 0 && ttl > 0;
      if (id.has_value() != should || (id && *id != user))
        finding("an issued token does not verify as issued", token);
      break;
    }
  }
  return 0;
}
