// The Idempotency-Key header (http/idempotency_header.cpp) as every keyed route reads it: first
// straight from a request, where a key is taken exactly when it is 1..64 visible ASCII characters
// and refused with one 400 otherwise; then on a wallet charge through the dispatcher and handler
// (customer checks off, operation stubbed at the service boundary), where a refused key must be a
// 400 and an accepted one must reach the operation.
//
// Input: the header's value, as Beast hands it over (a value the wire cannot carry, e.g. with a
// CR, is taken too: the function must not care).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "http/idempotency_header.hpp"
#include "tests/fuzz/support/fuzz_shop.hpp"
#include "tests/fuzz/support/service_stub.hpp"

namespace {

namespace bhttp = boost::beast::http;

[[noreturn]] void finding(const char* what, std::string_view key) {
  std::fprintf(stderr, "fuzz finding: %s: '%.*s'\n", what, static_cast<int>(key.size()),
               key.data());
  std::abort();
}

bool visible_ascii(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char ch : key)
    if (ch < 0x21 || ch > 0x7e) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const shop::fuzz::shop_front front{false};
  const std::string_view sent{reinterpret_cast<const char*>(data), size};
  auto req = shop::fuzz::make_request(bhttp::verb::post, "/api/orders", "{}", {}, sent);
  // Beast trims the value's surrounding blanks, as its parser does on the wire.
  const auto field = req["Idempotency-Key"];
  const std::string key{field.data(), field.size()};
  const bool valid = visible_ascii(key);

  int answers = 0;
  unsigned status = 0;
  auto c = std::make_shared<shop::http::call>(
      std::move(req),
      [&](shop::http::response res) {
        ++answers;
        status = res.result_int();
      },
      "/api/orders", nullptr);
  auto taken = shop::http::idempotency_key(c);
  if (taken && (!valid || *taken != key)) finding("took a key it should refuse", key);
  if (!taken && (valid || answers != 1 || status != 400))
    finding("refused a key without exactly one 400, or refused a valid key", key);

  const auto before = shop::fuzz::service_calls();
  auto res = front.answer(shop::fuzz::make_request(bhttp::verb::post, "/api/users/7/balance/charge",
                                                   R"({"amount":1000})", {}, sent));
  shop::fuzz::check_answer(res);
  const bool reached = shop::fuzz::service_calls() != before;
  if (valid != reached)
    finding("the charge's operation ran for a refused key, or not for a valid one", key);
  if (!valid && res.result_int() != 400) finding("a refused key was not answered 400", key);
  return 0;
}
