#include "http/handlers/cart_handlers.hpp"

#include "actors/rules/cart.hpp"
#include "http/json_input.hpp"
#include "service/cart.hpp"

namespace shop::http {

using boost::beast::http::status;
using model::cart_item_row;

namespace {

nlohmann::json cart_json(const cart_view& v) {
  auto items = nlohmann::json::array();
  for (const auto& l : v.items)
    items.push_back({{"cartItemId", l.cart_item_id},
                     {"productId", l.product_id},
                     {"productOptionId", l.option_id},
                     {"productName", l.product_name},
                     {"optionName", l.option_name},
                     {"unitPrice", l.unit_price},
                     {"quantity", l.quantity},
                     {"subtotal", l.subtotal}});
  return {{"items", std::move(items)}, {"totalAmount", v.total}};
}

}  // namespace

void add_to_cart(api_context& api, const call_ptr& c) {
  auto body = json_object_body(c);
  if (!body) return;
  field_reader f(*body);
  auto option = f.integer("productOptionId", 1, INT64_MAX);
  if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error());
  auto quantity = f.integer("quantity", 1, rules::max_line_quantity);
  if (!f.ok()) return c->fail(shop_error::invalid_quantity, f.error());
  service::add_to_cart(api.shop, c->path_id(0), *option, *quantity,
                       [c](caf::expected<cart_item_row> line) {
                         if (!line) return c->fail(line.error());
                         c->reply(status::created, {{"cartItemId", line->id},
                                                    {"productOptionId", line->option_id},
                                                    {"quantity", line->quantity}});
                       });
}

void view_cart(api_context& api, const call_ptr& c) {
  service::view_cart(api.shop, c->path_id(0), [c](caf::expected<cart_view> v) {
    if (!v) return c->fail(v.error());
    c->reply(status::ok, cart_json(*v));
  });
}

void remove_from_cart(api_context& api, const call_ptr& c) {
  service::remove_from_cart(api.shop, c->path_id(0), c->path_id(1),
                            [c](caf::expected<caf::ok_atom> done) {
                              if (!done) return c->fail(done.error());
                              c->reply_no_content();
                            });
}

}  // namespace shop::http
