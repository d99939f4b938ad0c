#include "http/handlers/order_handlers.hpp"

#include "actors/rules/cart.hpp"
#include "actors/rules/order.hpp"
#include "http/idempotency_header.hpp"
#include "http/json_input.hpp"
#include "http/order_json.hpp"
#include "http/paging.hpp"
#include "model/order_status.hpp"
#include "service/orders.hpp"

namespace shop::http {

using boost::beast::http::status;
using model::order_record;
using model::order_row;

namespace {

// The body's "items": nullopt after answering 400 when they are not well formed; an empty list
// when absent (the whole cart is ordered).
std::optional<std::vector<order_line>> items_of(const call_ptr& c, const nlohmann::json& body) {
  std::vector<order_line> lines;
  auto it = body.find("items");
  if (it == body.end() || it->is_null()) return lines;
  if (!it->is_array() || it->size() > rules::max_order_lines) {
    c->fail(shop_error::invalid_argument, "items must be an array of at most 100 lines");
    return std::nullopt;
  }
  if (it->empty()) {
    c->fail(shop_error::empty_order, "the order has no items");
    return std::nullopt;
  }
  for (const auto& item : *it) {
    if (!item.is_object()) {
      c->fail(shop_error::invalid_argument, "each item must be an object");
      return std::nullopt;
    }
    field_reader f(item);
    auto option = f.integer("productOptionId", 1, INT64_MAX);
    if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error()), std::nullopt;
    auto quantity = f.integer("quantity", 1, rules::max_line_quantity);
    if (!f.ok()) return c->fail(shop_error::invalid_quantity, f.error()), std::nullopt;
    lines.push_back({*option, *quantity});
  }
  return lines;
}

// What every order request starts with: its Idempotency-Key ("" for none), its body, and the
// acting user the body names (the dispatcher already matched it to the token). nullopt after
// answering 400.
struct order_request {
  std::string key;
  nlohmann::json body;
  std::int64_t user = 0;
};

std::optional<order_request> order_request_of(const call_ptr& c) {
  auto key = idempotency_key(c);
  if (!key) return std::nullopt;
  auto body = json_object_body(c);
  if (!body) return std::nullopt;
  field_reader f(*body);
  auto user = f.integer("userId", 1, INT64_MAX);
  if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error()), std::nullopt;
  return order_request{std::move(*key), std::move(*body), *user};
}

// The 400 message for an unknown ?status=, naming the statuses from their one definition.
std::string status_choices() {
  using model::order_status;
  auto name = [](order_status s) { return std::string{to_string(s)}; };
  return "status must be " + name(order_status::pending) + ", " + name(order_status::paid) + ", " +
         name(order_status::expired) + " or " + name(order_status::cancelled);
}

}  // namespace

void create_order(api_context& api, const call_ptr& c) {
  auto r = order_request_of(c);
  if (!r) return;
  auto lines = items_of(c, r->body);
  if (!lines) return;
  service::place_order(api.shop, r->user, std::move(*lines), std::move(r->key),
                       [c](caf::expected<order_record> o) {
                         if (!o) return c->fail(o.error());
                         c->reply(status::created, order_json(*o));
                       });
}

void pay_order(api_context& api, const call_ptr& c) {
  auto r = order_request_of(c);
  if (!r) return;
  field_reader f(r->body);
  auto coupon = f.integer("couponId", 1, INT64_MAX, false);
  if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error());
  service::pay_order(api.shop, c->path_id(0), r->user, coupon.value_or(0), std::move(r->key),
                     [c](caf::expected<payment_receipt> paid) {
                       if (!paid) return c->fail(paid.error());
                       c->reply(status::ok, payment_json(*paid));
                     });
}

void cancel_order(api_context& api, const call_ptr& c) {
  auto r = order_request_of(c);
  if (!r) return;
  service::cancel_order(
      api.shop, c->path_id(0), r->user, std::move(r->key), [c](caf::expected<order_row> o) {
        if (!o) return c->fail(o.error());
        c->reply(status::ok, {{"orderId", o->id}, {"status", to_string(o->status)}});
      });
}

void order_detail(api_context& api, const call_ptr& c) {
  service::order_detail(api.shop, c->path_id(0), [c](caf::expected<order_record> o) {
    if (!o) return c->fail(o.error());
    // caller() is 0 when customer checks are off (auth.mode = none).
    if (c->caller() != 0 && c->caller() != o->row.user_id)
      return c->fail(shop_error::forbidden, "this token may not read that order");
    c->reply(status::ok, order_json(*o));
  });
}

void list_user_orders(api_context& api, const call_ptr& c) {
  auto paging = parse_paging(c->query("page"), c->query("size"));
  if (!paging) return c->fail(shop_error::invalid_argument, "page must be >= 0 and size in 1..100");
  auto status_param = c->query("status").value_or("");
  caf::optional<model::order_status> status;
  if (!status_param.empty()) {
    auto s = model::order_status_from_string(status_param);
    if (!s) return c->fail(shop_error::invalid_argument, status_choices());
    status = *s;
  }
  model::order_query q{c->path_id(0), status, paging->page, paging->size};
  service::list_orders(api.shop, q, [c, q](caf::expected<model::order_page> page) {
    if (!page) return c->fail(page.error());
    auto items = nlohmann::json::array();
    for (const auto& o : page->items) items.push_back(order_json(o));
    c->reply(status::ok, {{"items", std::move(items)},
                          {"page", q.page},
                          {"size", q.size},
                          {"totalItems", page->total}});
  });
}

void expire_orders_now(api_context& api, const call_ptr& c) {
  service::expire_overdue_orders(api.shop, [c](caf::expected<std::int64_t> n) {
    if (!n) return c->fail(n.error());
    c->reply(status::ok, {{"expired", *n}});
  });
}

}  // namespace shop::http
