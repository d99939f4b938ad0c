// SHA256_Init & co. are deprecated in OpenSSL 3 in favour of EVP, whose per-call algorithm fetch
// is what this file avoids (see hmac_sha256).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "http/customer_token.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

namespace shop::http {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTokenLength = 4096;
constexpr std::size_t kSignatureLength = 32;  // SHA-256 output
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string b64url_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() * 4 + 2) / 3);
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) out += kAlphabet[(acc >> (bits -= 6)) & 0x3F];
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 0x3F];
  return out;
}

// Strict: url alphabet only, no padding, and unused trailing bits must be zero, so each byte
// string has exactly one accepted spelling (no second form of the same signature).
std::optional<std::string> b64url_decode(std::string_view in) {
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    auto v = std::string_view(kAlphabet).find(c);  // '+', '/', '=' are not in it
    if (v == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) out += static_cast<char>((acc >> (bits -= 8)) & 0xFF);
  }
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

// HMAC-SHA256 (RFC 2104) over OpenSSL's SHA-256 block functions. OpenSSL 3's HMAC() looks the
// algorithm up on every call under a global lock, which made token checks serialize across the
// HTTP threads; the block functions do no lookup.
std::optional<std::string> hmac_sha256(std::string_view key, std::string_view data) {
  constexpr std::size_t block = 64;
  unsigned char k0[block] = {};
  if (key.size() > block)
    SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), k0);
  else
    std::memcpy(k0, key.data(), key.size());
  unsigned char pad[block];
  unsigned char inner[SHA256_DIGEST_LENGTH];
  unsigned char outer[SHA256_DIGEST_LENGTH];
  SHA256_CTX ctx;
  for (std::size_t i = 0; i < block; ++i) pad[i] = k0[i] ^ 0x36;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, pad, block);
  SHA256_Update(&ctx, data.data(), data.size());
  SHA256_Final(inner, &ctx);
  for (std::size_t i = 0; i < block; ++i) pad[i] = k0[i] ^ 0x5c;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, pad, block);
  SHA256_Update(&ctx, inner, sizeof inner);
  SHA256_Final(outer, &ctx);
  return std::string(reinterpret_cast<const char*>(outer), sizeof outer);
}

// Integers beyond int64 (nlohmann stores them as unsigned) are refused, not wrapped.
std::optional<std::int64_t> as_int64(const json& v) {
  if (!v.is_number_integer() ||
      (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)))
    return std::nullopt;
  return v.get<std::int64_t>();
}

std::optional<std::int64_t> parse_sub(const json& v) {
  if (!v.is_string()) return std::nullopt;
  const auto& s = v.get_ref<const std::string&>();
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;  // from_chars alone would take "-1"
  std::int64_t id = 0;
  if (std::from_chars(s.data(), s.data() + s.size(), id).ec != std::errc{} || id <= 0)
    return std::nullopt;  // empty, overflow or zero
  return id;
}

std::optional<std::int64_t> check(std::string_view token, std::string_view secret,
                                  std::int64_t now_s, std::string& why) {
  auto fail = [&](const char* reason) {
    why = reason;
    return std::nullopt;
  };
  if (secret.empty()) return fail("no secret");
  if (token.size() > kMaxTokenLength) return fail("too long");
  auto d1 = token.find('.');
  auto d2 = d1 == std::string_view::npos ? d1 : token.find('.', d1 + 1);
  if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos)
    return fail("malformed");
  auto header = b64url_decode(token.substr(0, d1));
  auto payload = b64url_decode(token.substr(d1 + 1, d2 - d1 - 1));
  auto sig = b64url_decode(token.substr(d2 + 1));
  if (!header || !payload || !sig) return fail("bad base64url");

  // Signature first (HS256 is the only algorithm): no unauthenticated JSON reaches the parser.
  auto expected = hmac_sha256(secret, token.substr(0, d2));
  if (!expected || sig->size() != kSignatureLength ||
      CRYPTO_memcmp(sig->data(), expected->data(), kSignatureLength) != 0)
    return fail("bad signature");

  auto h = json::parse(*header, nullptr, false);
  if (h.is_discarded() || !h.is_object()) return fail("bad header");
  auto alg = h.find("alg");
  if (alg == h.end() || !alg->is_string() || alg->get_ref<const std::string&>() != "HS256")
    return fail("bad alg");
  auto typ = h.find("typ");
  if (typ != h.end() && (!typ->is_string() || typ->get_ref<const std::string&>() != "JWT"))
    return fail("bad typ");

  auto p = json::parse(*payload, nullptr, false);
  if (p.is_discarded() || !p.is_object()) return fail("bad payload");
  auto sub = p.find("sub");
  auto id = sub == p.end() ? std::nullopt : parse_sub(*sub);
  if (!id) return fail("bad sub");
  auto exp_it = p.find("exp");
  auto exp = exp_it == p.end() ? std::nullopt : as_int64(*exp_it);
  if (!exp) return fail("bad exp");
  if (now_s >= *exp) return fail("expired");
  if (auto nbf_it = p.find("nbf"); nbf_it != p.end()) {
    auto nbf = as_int64(*nbf_it);
    if (!nbf) return fail("bad nbf");
    if (*nbf > now_s) return fail("not yet valid");
  }
  return id;
}

}  // namespace

std::string issue_customer_token(std::string_view secret, std::int64_t user_id, std::int64_t now_s,
                                 std::int64_t ttl_s) {
  // Spelled out rather than via json: nlohmann sorts keys, and the claim order is part of the spec.
  std::string payload = R"({"sub":")" + std::to_string(user_id) + R"(","iat":)" +
                        std::to_string(now_s) + R"(,"exp":)" + std::to_string(now_s + ttl_s) + "}";
  std::string signing_input =
      b64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." + b64url_encode(payload);
  auto sig = hmac_sha256(secret, signing_input);
  if (!sig) return {};  // an empty token never verifies
  return signing_input + "." + b64url_encode(*sig);
}

std::optional<std::int64_t> verify_customer_token(std::string_view token, std::string_view secret,
                                                  std::int64_t now_s, std::string* why) {
  try {
    std::string reason;
    auto id = check(token, secret, now_s, reason);
    if (!id && why) *why = reason;
    return id;
  } catch (...) {  // nlohmann or allocation: a token we cannot judge is refused
    if (why) *why = "internal error";
    return std::nullopt;
  }
}

}  // namespace shop::http
