#include "http/handlers/health_handlers.hpp"

#include "service/health.hpp"

namespace shop::http {

using boost::beast::http::status;

void health_live(api_context&, const call_ptr& c) {
  c->reply(status::ok, {{"status", "UP"}});
}

void health_ready(api_context& api, const call_ptr& c) {
  service::database_ready(api.shop, [c](caf::expected<caf::ok_atom> ok) {
    if (!ok) return c->fail(shop_error::unavailable, "database unreachable");
    c->reply(status::ok, {{"status", "READY"}});
  });
}

}  // namespace shop::http
