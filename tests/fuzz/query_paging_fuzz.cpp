// Query strings and paging: the dispatcher's query parsing (http/route_table.cpp: split, percent
// decoding, first occurrence wins) and every list route's reading of it (http/paging.cpp's page
// and size, the order and coupon filters, the catalog's filters and sort), through the handlers
// with customer checks off and operations stubbed at the service boundary. parse_paging is also
// called straight, on the input split at its first '&', and must keep to its ranges.
//
// Input: the query string (what follows '?').
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/paging.hpp"
#include "tests/fuzz/support/fuzz_shop.hpp"

namespace {

namespace bhttp = boost::beast::http;

// Every route of http/shop_routes.cpp that reads its query.
constexpr const char* list_routes[] = {
    "/api/products",           "/api/users/7/orders", "/api/users/7/coupons",
    "/admin/actors/product/5", "/admin/actors",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const shop::fuzz::shop_front front{false};
  const std::string_view query{reinterpret_cast<const char*>(data), size};
  for (const char* path : list_routes) {
    const auto token = std::string_view{path}.substr(0, 7) == "/admin/"
                           ? shop::fuzz::shop_front::admin_token
                           : std::string_view{};
    shop::fuzz::check_answer(front.answer(shop::fuzz::make_request(
        bhttp::verb::get, std::string{path} + "?" + std::string{query}, {}, token)));
  }

  const auto amp = query.find('&');
  const std::string page{query.substr(0, amp)};
  const std::optional<std::string> size_text =
      amp == std::string_view::npos ? std::nullopt
                                    : std::optional<std::string>{query.substr(amp + 1)};
  if (auto p = shop::http::parse_paging(page, size_text)) {
    if (p->page < 0 || p->page > 10'000'000 || p->size < 1 || p->size > 100) {
      std::fprintf(stderr, "fuzz finding: paging out of range: page %lld size %lld\n",
                   static_cast<long long>(p->page), static_cast<long long>(p->size));
      std::abort();
    }
  }
  return 0;
}
