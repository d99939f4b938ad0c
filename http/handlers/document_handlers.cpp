#include "http/handlers/document_handlers.hpp"

#include "http/documents.hpp"

namespace shop::http {

using boost::beast::http::status;

void openapi_json(api_context&, const call_ptr& c) {
  c->reply_text(status::ok, "application/json; charset=utf-8",
                std::string{assets::openapi_document()});
}

void dashboard_page(api_context&, const call_ptr& c) {
  // Only this server's own scripts and endpoints, never anything from elsewhere; the page's one
  // script is inline.
  c->reply_text(status::ok, "text/html; charset=utf-8", std::string{assets::dashboard_page()},
                {{"Content-Security-Policy",
                  "default-src 'none'; script-src 'self' 'unsafe-inline'; "
                  "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; "
                  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"},
                 {"Cache-Control", "no-store"},
                 {"X-Content-Type-Options", "nosniff"}});
}

void dashboard_chart_js(api_context&, const call_ptr& c) {
  c->reply_text(
      status::ok, "text/javascript; charset=utf-8", std::string{assets::chart_js()},
      {{"Cache-Control", "public, max-age=86400"}, {"X-Content-Type-Options", "nosniff"}});
}

}  // namespace shop::http
