#include "http/handlers/popularity_handlers.hpp"

#include "http/json_input.hpp"
#include "service/popularity.hpp"

namespace shop::http {

using boost::beast::http::status;

nlohmann::json snapshot_json(const model::popularity_snapshot& s) {
  auto products = nlohmann::json::array();
  for (const auto& i : s.items)
    products.push_back({{"rank", i.rank},
                        {"productId", i.sales.product_id},
                        {"name", i.sales.name},
                        {"price", i.sales.price},
                        {"category", i.sales.category},
                        {"soldQuantity", i.sales.sold_quantity},
                        {"lastSoldAt", format_time(i.sales.last_sold_at_ms)}});
  nlohmann::json created = nullptr;
  if (s.header.id != 0) created = format_time(s.header.as_of_ms);
  return {{"createdAt", std::move(created)}, {"products", std::move(products)}};
}

namespace {

// The body of the newest snapshot, rendered once per snapshot and thread. A snapshot never changes
// once written (a new one gets a new id), and rendering it was most of this route's cost. Per
// thread (answers are rendered on the few actor threads), so nothing is shared between threads.
const std::string& rendered(const model::popularity_snapshot& s) {
  thread_local std::int64_t id = -1;
  thread_local std::string body;
  if (s.header.id != id) {
    body = snapshot_json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    id = s.header.id;
  }
  return body;
}

constexpr std::string_view json_type = "application/json; charset=utf-8";

}  // namespace

void top_products(api_context& api, const call_ptr& c) {
  service::top_products(api.shop, [c](caf::expected<model::popularity_snapshot> s) {
    if (!s) return c->fail(s.error());
    c->reply_text(status::ok, json_type, rendered(*s));
  });
}

void run_popularity_snapshot(api_context& api, const call_ptr& c) {
  auto as_of = now_ms();
  if (c->req().body().find_first_not_of(" \t\r\n") != std::string::npos) {
    auto body = json_object_body(c);
    if (!body) return;
    field_reader f{*body};
    auto t = f.time("asOf", false);
    if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error());
    if (t) as_of = *t;
  }
  service::run_popularity_snapshot(api.shop, as_of,
                                   [c](caf::expected<model::popularity_snapshot> s) {
                                     if (!s) return c->fail(s.error());
                                     c->reply(status::ok, snapshot_json(*s));
                                   });
}

}  // namespace shop::http
