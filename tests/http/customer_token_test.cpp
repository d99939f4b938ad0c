#include "http/customer_token.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

using shop::http::issue_customer_token;
using shop::http::verify_customer_token;

namespace {

const std::string kSecret = "test-secret";
constexpr std::int64_t kNow = 1'700'000'000;

// Helpers built on OpenSSL directly, independent of the module's own base64url and HMAC code.
std::string std_b64(const std::string& bytes) {
  std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
  int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

std::string url_b64(const std::string& bytes) {
  std::string s = std_b64(bytes);
  std::replace(s.begin(), s.end(), '+', '-');
  std::replace(s.begin(), s.end(), '/', '_');
  s.erase(std::remove(s.begin(), s.end(), '='), s.end());
  return s;
}

std::string hmac256(const std::string& secret, const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
  return std::string(reinterpret_cast<const char*>(md), len);
}

// A token with a valid HS256 signature over whatever header and payload the test wants.
std::string signed_token(const std::string& header, const std::string& payload,
                         const std::string& secret = kSecret) {
  std::string input = url_b64(header) + "." + url_b64(payload);
  return input + "." + url_b64(hmac256(secret, input));
}

const std::string kHeader = R"({"alg":"HS256","typ":"JWT"})";

std::string payload_with(const std::string& claims) {
  return "{" + claims + "}";
}

std::string good_payload(const std::string& extra = "") {
  return payload_with(R"("sub":"42","exp":)" + std::to_string(kNow + 60) + extra);
}

// The reason verify gives, or "accepted".
std::string reason(const std::string& token, std::int64_t now = kNow,
                   const std::string& secret = kSecret) {
  std::string why;
  auto id = verify_customer_token(token, secret, now, &why);
  return id ? "accepted" : why;
}

}  // namespace

TEST_CASE("customer token: round trip returns the user id", "[customer_token]") {
  auto token = issue_customer_token(kSecret, 42, kNow, 3600);
  CHECK(verify_customer_token(token, kSecret, kNow) == 42);
  CHECK(verify_customer_token(token, kSecret, kNow + 3599) == 42);
  auto big = issue_customer_token(kSecret, INT64_MAX, kNow, 60);
  CHECK(verify_customer_token(big, kSecret, kNow) == INT64_MAX);
  CHECK(reason(signed_token(kHeader, good_payload())) == "accepted");
}

TEST_CASE("customer token: issue matches an independently computed HMAC-SHA256",
          "[customer_token]") {
  auto token = issue_customer_token("test-secret", 7, 1'700'000'000, 900);
  std::string input = url_b64(R"({"alg":"HS256","typ":"JWT"})") + "." +
                      url_b64(R"({"sub":"7","iat":1700000000,"exp":1700000900})");
  CHECK(token == input + "." + url_b64(hmac256("test-secret", input)));
  // Also computed outside C++ (Python hmac + base64.urlsafe_b64encode, padding stripped).
  CHECK(token ==
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
        "eyJzdWIiOiI3IiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDA5MDB9."
        "6i9nl2Pr37MzB7y-3ZRtm6C-5MQxoEOmDiD5U-aJNfY");
}

TEST_CASE("customer token: wrong secret is rejected", "[customer_token]") {
  auto token = issue_customer_token(kSecret, 42, kNow, 3600);
  CHECK(reason(token, kNow, "other-secret") == "bad signature");
  CHECK_FALSE(verify_customer_token(token, "other-secret", kNow));  // why may be null
}

TEST_CASE("customer token: empty secret never verifies", "[customer_token]") {
  auto token = issue_customer_token("", 42, kNow, 3600);
  CHECK(reason(token, kNow, "") == "no secret");
}

TEST_CASE("customer token: tampered payload is rejected", "[customer_token]") {
  auto token = issue_customer_token(kSecret, 42, kNow, 3600);
  auto d1 = token.find('.');
  auto d2 = token.rfind('.');
  std::string forged_payload = R"({"sub":"1","iat":)" + std::to_string(kNow) + R"(,"exp":)" +
                               std::to_string(kNow + 3600) + "}";
  auto forged = token.substr(0, d1) + "." + url_b64(forged_payload) + token.substr(d2);
  CHECK(reason(forged) == "bad signature");
}

TEST_CASE("customer token: alg none with an empty signature is rejected", "[customer_token]") {
  std::string none = url_b64(R"({"alg":"none","typ":"JWT"})") + "." + url_b64(good_payload());
  CHECK(reason(none + ".") == "bad signature");
  CHECK(reason(none) == "malformed");
  // Same with an HS256 header: an empty signature is never enough.
  CHECK(reason(url_b64(kHeader) + "." + url_b64(good_payload()) + ".") == "bad signature");
}

TEST_CASE("customer token: only alg HS256 is accepted, even with a valid HS256 signature",
          "[customer_token]") {
  for (const char* header : {R"({"alg":"none","typ":"JWT"})", R"({"alg":"None","typ":"JWT"})",
                             R"({"alg":"HS512","typ":"JWT"})", R"({"alg":"RS256","typ":"JWT"})",
                             R"({"alg":"hs256","typ":"JWT"})", R"({"alg":"HS256 ","typ":"JWT"})",
                             R"({"typ":"JWT"})", R"({"alg":256})", R"({"alg":null})"}) {
    INFO(header);
    CHECK(reason(signed_token(header, good_payload())) == "bad alg");
  }
}

TEST_CASE("customer token: typ, if present, must be JWT", "[customer_token]") {
  CHECK(reason(signed_token(R"({"alg":"HS256"})", good_payload())) == "accepted");
  CHECK(reason(signed_token(R"({"alg":"HS256","typ":"JWS"})", good_payload())) == "bad typ");
  CHECK(reason(signed_token(R"({"alg":"HS256","typ":"jwt"})", good_payload())) == "bad typ");
  CHECK(reason(signed_token(R"({"alg":"HS256","typ":1})", good_payload())) == "bad typ");
}

TEST_CASE("customer token: signature must decode to exactly 32 bytes", "[customer_token]") {
  std::string input = url_b64(kHeader) + "." + url_b64(good_payload());
  std::string mac = hmac256(kSecret, input);
  REQUIRE(mac.size() == 32);
  CHECK(reason(input + "." + url_b64(mac)) == "accepted");
  CHECK(reason(input + "." + url_b64(mac.substr(0, 16))) == "bad signature");
  CHECK(reason(input + "." + url_b64(mac + '\0')) == "bad signature");
  CHECK(reason(input + "." + url_b64(mac + "extra")) == "bad signature");
}

TEST_CASE("customer token: expired when now >= exp", "[customer_token]") {
  auto token = issue_customer_token(kSecret, 42, kNow, 60);
  CHECK(reason(token, kNow + 59) == "accepted");
  CHECK(reason(token, kNow + 60) == "expired");
  CHECK(reason(token, kNow + 61) == "expired");
  CHECK(reason(token, INT64_MAX) == "expired");
}

TEST_CASE("customer token: exp is required and must be an integer", "[customer_token]") {
  std::string later = std::to_string(kNow + 60);
  for (const std::string& claims :
       {std::string(R"("sub":"42")"), R"("sub":"42","exp":")" + later + "\"",
        R"("sub":"42","exp":)" + later + ".5", R"("sub":"42","exp":)" + later + ".0",
        std::string(R"("sub":"42","exp":null)"),
        std::string(R"("sub":"42","exp":18446744073709551615)")}) {
    INFO(claims);
    CHECK(reason(signed_token(kHeader, payload_with(claims))) == "bad exp");
  }
}

TEST_CASE("customer token: sub must be a decimal string of a positive int64", "[customer_token]") {
  std::string exp = R"(,"exp":)" + std::to_string(kNow + 60);
  for (const char* sub :
       {R"("sub":42)", R"("sub":"0")", R"("sub":"-1")", R"("sub":"+1")", R"("sub":"12a")",
        R"("sub":"")", R"("sub":" 1")", R"("sub":"1 ")", R"("sub":"99999999999999999999")",
        R"("sub":"9223372036854775808")", R"("sub":null)", R"("sub":["1"])", R"("other":"1")"}) {
    INFO(sub);
    CHECK(reason(signed_token(kHeader, payload_with(sub + exp))) == "bad sub");
  }
  auto max = signed_token(kHeader, payload_with(R"("sub":"9223372036854775807")" + exp));
  CHECK(verify_customer_token(max, kSecret, kNow) == INT64_MAX);
}

TEST_CASE("customer token: nbf, if present, must not be in the future", "[customer_token]") {
  auto with_nbf = [](const std::string& nbf) {
    return signed_token(kHeader, good_payload(R"(,"nbf":)" + nbf));
  };
  CHECK(reason(with_nbf(std::to_string(kNow))) == "accepted");
  CHECK(reason(with_nbf(std::to_string(kNow - 10))) == "accepted");
  CHECK(reason(with_nbf(std::to_string(kNow + 1))) == "not yet valid");
  CHECK(reason(with_nbf("\"" + std::to_string(kNow) + "\"")) == "bad nbf");
  CHECK(reason(with_nbf("1.5")) == "bad nbf");
}

TEST_CASE("customer token: malformed segments are rejected", "[customer_token]") {
  std::string good = signed_token(kHeader, good_payload());
  REQUIRE(reason(good) == "accepted");
  std::string input = good.substr(0, good.rfind('.'));
  std::string mac = hmac256(kSecret, input);

  CHECK(reason(input) == "malformed");          // two segments
  CHECK(reason(good + ".") == "malformed");     // four segments, the last empty
  CHECK(reason(good + ".e30") == "malformed");  // four segments
  CHECK(reason("") == "malformed");
  CHECK(reason("..") == "bad signature");

  // Padding: 32 bytes encode to 43 characters plus one '='.
  REQUIRE(std_b64(mac).back() == '=');
  CHECK(reason(input + "." + url_b64(mac) + "=") == "bad base64url");
  // Padded header, signed as sent: only the decoder can refuse it.
  std::string padded = std_b64(R"({"alg":"HS256" })");  // 16 bytes: ends in "=="
  REQUIRE(padded.find("==") != std::string::npos);
  std::string padded_input = padded + "." + url_b64(good_payload());
  CHECK(reason(padded_input + "." + url_b64(hmac256(kSecret, padded_input))) == "bad base64url");

  // Standard-alphabet '+' and '/': find issued tokens whose signature needs them.
  for (char bad : {'+', '/'}) {
    INFO(bad);
    bool found = false;
    for (std::int64_t id = 1; id < 1000 && !found; ++id) {
      auto token = issue_customer_token(kSecret, id, kNow, 60);
      auto head = token.substr(0, token.rfind('.'));
      std::string sig = std_b64(hmac256(kSecret, head));
      sig.pop_back();  // drop the '=' so only the alphabet differs
      if (sig.find(bad) == std::string::npos) continue;
      found = true;
      CHECK(reason(token) == "accepted");
      CHECK(reason(head + "." + sig) == "bad base64url");
    }
    CHECK(found);
  }

  // Non-zero unused bits in the last character: a second spelling of the same signature.
  std::string sig = url_b64(mac);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  sig.back() = alphabet[alphabet.find(sig.back()) ^ 1];
  CHECK(reason(input + "." + sig) == "bad base64url");

  // Segments that decode but are not JSON objects, with valid signatures.
  CHECK(reason(signed_token(R"({"alg":"HS256")", good_payload())) == "bad header");
  CHECK(reason(signed_token("not json", good_payload())) == "bad header");
  CHECK(reason(signed_token(R"(["HS256"])", good_payload())) == "bad header");
  CHECK(reason(signed_token("", good_payload())) == "bad header");
  CHECK(reason(signed_token(kHeader, R"({"sub":"42")")) == "bad payload");
  CHECK(reason(signed_token(kHeader, R"(["42"])")) == "bad payload");
  CHECK(reason(signed_token(kHeader, "\xff\xfe")) == "bad payload");
}

TEST_CASE("customer token: tokens over 4096 characters are rejected", "[customer_token]") {
  std::string at_limit;
  std::string pad;
  for (; pad.size() < 4096; pad += 'x') {
    at_limit = signed_token(kHeader, good_payload(R"(,"pad":")" + pad + "\""));
    if (at_limit.size() >= 4096) break;
  }
  REQUIRE(at_limit.size() == 4096);
  CHECK(reason(at_limit) == "accepted");
  auto over = signed_token(kHeader, good_payload(R"(,"pad":")" + pad + "x\""));
  REQUIRE(over.size() > 4096);
  CHECK(reason(over) == "too long");
}

TEST_CASE("customer token: garbage never throws", "[customer_token]") {
  std::string deep(2000, '[');
  for (const std::string& token :
       {std::string("\0.\0.\0", 5), std::string(10000, '.'), std::string(5000, 'A'),
        signed_token(deep, good_payload()), signed_token(kHeader, deep),
        signed_token(kHeader, R"({"sub":"42","exp":1e400})"),
        signed_token(kHeader, "{\"sub\":\"\xc3\x28\",\"exp\":1}")}) {
    CHECK_NOTHROW(verify_customer_token(token, kSecret, kNow));
    CHECK_FALSE(verify_customer_token(token, kSecret, kNow));
  }
}
