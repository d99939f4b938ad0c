#include "http/handlers/admin_catalog_handlers.hpp"

#include "http/handlers/catalog_handlers.hpp"
#include "service/catalog.hpp"

namespace shop::http {

using boost::beast::http::status;

namespace {

constexpr std::int64_t max_price = 1'000'000'000'000;  // 1 trillion won
constexpr std::int64_t max_stock = 1'000'000'000;
constexpr std::size_t max_options = 100;

}  // namespace

std::optional<product_draft> read_product_draft(const nlohmann::json& body, field_reader& f) {
  product_draft d;
  auto name = f.text("name", 200);
  auto description = f.text("description", 10000, false);
  auto category = f.text("category", 100);
  auto price = f.integer("price", 0, max_price);
  auto available = f.boolean("available", false);
  if (!f.ok()) return std::nullopt;
  d.product = {
      0, *name, description.value_or(""), *category, *price, available.value_or(true), now_ms(), 1};
  auto it = body.find("options");
  if (it == body.end() || !it->is_array() || it->empty() || it->size() > max_options) {
    f.problem("options must be an array of 1.." + std::to_string(max_options) + " options");
    return std::nullopt;
  }
  for (const auto& o : *it) {
    if (!o.is_object()) {
      f.problem("each option must be an object");
      return std::nullopt;
    }
    field_reader of(o);
    auto oname = of.text("name", 200);
    auto extra = of.integer("additionalPrice", -*price, max_price, false);
    auto stock = of.integer("stock", 0, max_stock);
    if (!of.ok()) {
      f.problem("options: " + of.error());
      return std::nullopt;
    }
    d.options.push_back({0, 0, *oname, extra.value_or(0), *stock, 0, 1});
  }
  return d;
}

product_changes read_product_changes(field_reader& f) {
  product_changes c;
  if (auto v = f.text("name", 200, false)) c.name = *v;
  if (f.has("name") && c.name && c.name->find_first_not_of(" \t\r\n") == std::string::npos)
    f.problem("name must not be blank");
  if (auto v = f.text("description", 10000, false)) c.description = *v;
  if (auto v = f.text("category", 100, false)) c.category = *v;
  if (f.has("category") && c.category &&
      c.category->find_first_not_of(" \t\r\n") == std::string::npos)
    f.problem("category must not be blank");
  if (auto v = f.integer("price", 0, max_price, false)) c.price = *v;
  if (auto v = f.boolean("available", false)) c.available = *v;
  return c;
}

void create_product(api_context& api, const call_ptr& c) {
  auto body = json_object_body(c);
  if (!body) return;
  field_reader f(*body);
  auto draft = read_product_draft(*body, f);
  if (!draft) return c->fail(shop_error::invalid_argument, f.error());
  service::create_product(api.shop, std::move(*draft), [c](caf::expected<product_view> v) {
    if (!v) return c->fail(v.error());
    c->reply(status::created, product_json(*v));
  });
}

void update_product(api_context& api, const call_ptr& c) {
  auto body = json_object_body(c);
  if (!body) return;
  field_reader f(*body);
  auto changes = read_product_changes(f);
  if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error());
  service::update_product(api.shop, c->path_id(0), changes, [c](caf::expected<product_view> v) {
    if (!v) return c->fail(v.error());
    c->reply(status::ok, product_json(*v));
  });
}

void adjust_option_stock(api_context& api, const call_ptr& c) {
  auto body = json_object_body(c);
  if (!body) return;
  field_reader f(*body);
  auto delta = f.integer("delta", -max_stock, max_stock);
  if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error());
  service::adjust_stock(api.shop, c->path_id(0), *delta, [c](caf::expected<model::option_row> o) {
    if (!o) return c->fail(o.error());
    c->reply(status::ok, {{"optionId", o->id},
                          {"productId", o->product_id},
                          {"name", o->name},
                          {"additionalPrice", o->additional_price},
                          {"stock", o->stock},
                          {"reservedStock", o->reserved_stock}});
  });
}

}  // namespace shop::http
