#include "http/handlers/health_handlers.hpp"

#include "actors/hosting/ask.hpp"
#include "model/reader_protocol.hpp"

namespace shop::http {

using boost::beast::http::status;

void health_live(api_context&, const call_ptr& c) {
  c->reply(status::ok, {{"status", "UP"}});
}

void health_ready(api_context& api, const call_ptr& c) {
  api.runtime.bridge.ask<caf::ok_atom>(
      api.runtime.ctx.readers, std::chrono::seconds(2), caf::make_message(model::ping_atom::value),
      [c](caf::expected<caf::ok_atom> ok) {
        if (!ok) return c->fail(shop_error::unavailable, "database unreachable");
        c->reply(status::ok, {{"status", "READY"}});
      });
}

}  // namespace shop::http
