#include "tests/fuzz/support/fuzz_shop.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <nlohmann/json.hpp>

#include "http/shop_routes.hpp"

namespace shop::fuzz {
namespace {

[[noreturn]] void finding(const char* what, const http::response& res) {
  std::fprintf(stderr, "fuzz finding: %s: status %u\n%.*s\n", what, res.result_int(),
               static_cast<int>(std::min<std::size_t>(res.body().size(), 2000)), res.body().data());
  std::abort();
}

// The operations never touch the runtime (they are stubs), but shop_service holds a reference
// to one: this storage stands in for it, never read.
shop_runtime& no_runtime() {
  alignas(shop_runtime) static unsigned char storage[sizeof(shop_runtime)];
  return *std::launder(reinterpret_cast<shop_runtime*>(storage));
}

}  // namespace

shop_front::shop_front(bool check_customers) : api_{service::shop_service{no_runtime()}} {
  quiet_logs();
  api_.jwt_secret = std::string{jwt_secret};
  api_.node.node_id = "127.0.0.1:8080";
  api_.node.http_address = "127.0.0.1:8080";
  dispatch_ =
      http::make_dispatcher(http::shop_routes(api_),
                            {std::string{admin_token}, check_customers, std::string{jwt_secret}});
}

http::response shop_front::answer(http::request&& req) const {
  std::optional<http::response> got;
  dispatch_(std::move(req), [&got](http::response res) { got = std::move(res); });
  if (!got) {
    std::fprintf(stderr, "fuzz finding: a request was not answered\n");
    std::abort();
  }
  return std::move(*got);
}

http::request make_request(boost::beast::http::verb method, std::string_view target,
                           std::string body, std::string_view bearer,
                           std::optional<std::string_view> idempotency_key) {
  http::request req{method, boost::beast::string_view{target.data(), target.size()}, 11};
  if (!bearer.empty())
    req.set(boost::beast::http::field::authorization, "Bearer " + std::string{bearer});
  if (idempotency_key)
    req.set("Idempotency-Key",
            boost::beast::string_view{idempotency_key->data(), idempotency_key->size()});
  req.set(boost::beast::http::field::content_type, "application/json");
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

void check_answer(const http::response& res) {
  const unsigned code = res.result_int();
  if (code < 200 || code > 599) finding("status out of range", res);
  if (code == 500) finding("500 for a client's input", res);
  const auto type = res[boost::beast::http::field::content_type];
  if (type.starts_with("application/json") &&
      nlohmann::json::parse(res.body(), nullptr, false).is_discarded())
    finding("a JSON answer that does not parse", res);
}

void quiet_logs() {
  spdlog::set_level(spdlog::level::off);
}

}  // namespace shop::fuzz
