// JSON request bodies of every route that reads one, through the real dispatcher and handler:
// json_object_body and field_reader (http/json_input.cpp), the handlers' own checks (order lines,
// product options, coupon terms and times) and the dispatcher's reading of "userId" for routes
// that act for the user the body names. Customer checks are off (auth.mode none) so a body reaches
// its handler without a token; admin routes get the admin token. Operations are stubbed at the
// service boundary (support/service_stub.cpp): a body that passes every check gets 503.
//
// Input: one byte choosing the route (modulo their number), then the body.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/support/fuzz_shop.hpp"

namespace {

namespace bhttp = boost::beast::http;

struct body_route {
  bhttp::verb method;
  const char* target;
  bool admin;
};

// Every route of http/shop_routes.cpp whose handler reads a body.
constexpr std::array<body_route, 12> routes{{
    {bhttp::verb::post, "/api/users/7/balance/charge", false},
    {bhttp::verb::post, "/api/users/7/cart", false},
    {bhttp::verb::post, "/api/coupons/3/issue", false},
    {bhttp::verb::post, "/api/orders", false},
    {bhttp::verb::post, "/api/orders/11/payment", false},
    {bhttp::verb::post, "/api/orders/11/cancel", false},
    {bhttp::verb::post, "/admin/users", true},
    {bhttp::verb::post, "/admin/coupons", true},
    {bhttp::verb::post, "/admin/products", true},
    {bhttp::verb::patch, "/admin/products/5", true},
    {bhttp::verb::post, "/admin/product-options/9/stock", true},
    {bhttp::verb::post, "/admin/jobs/popularity-snapshot", true},
}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const shop::fuzz::shop_front front{false};
  if (size == 0) return 0;
  const auto& r = routes[data[0] % routes.size()];
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto token = r.admin ? shop::fuzz::shop_front::admin_token : std::string_view{};
  shop::fuzz::check_answer(front.answer(shop::fuzz::make_request(r.method, r.target, body, token)));
  return 0;
}
