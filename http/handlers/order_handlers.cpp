#include "http/handlers/order_handlers.hpp"

#include "actors/rules/cart.hpp"
#include "actors/rules/order.hpp"
#include "http/idempotency_header.hpp"
#include "http/json_input.hpp"
#include "http/paging.hpp"
#include "model/reader_protocol.hpp"

namespace shop::http {

using boost::beast::http::status;
using model::order_record;
using model::order_row;

namespace {

nlohmann::json time_or_null(std::int64_t ms) {
  return ms ? nlohmann::json(format_time(ms)) : nlohmann::json(nullptr);
}

nlohmann::json id_or_null(std::int64_t id) {
  return id ? nlohmann::json(id) : nlohmann::json(nullptr);
}

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

// The 400 message for an unknown ?status=, naming the statuses from their one definition.
std::string status_choices() {
  using model::order_status;
  auto name = [](order_status s) { return std::string{to_string(s)}; };
  return "status must be " + name(order_status::pending) + ", " + name(order_status::paid) + ", " +
         name(order_status::expired) + " or " + name(order_status::cancelled);
}

// The acting user of a body-named order route (the dispatcher already matched it to the token).
std::optional<std::int64_t> user_of(const call_ptr& c, const nlohmann::json& body) {
  field_reader f(body);
  auto user = f.integer("userId", 1, INT64_MAX);
  if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error()), std::nullopt;
  return user;
}

}  // namespace

nlohmann::json order_json(const order_record& o) {
  auto items = nlohmann::json::array();
  for (const auto& i : o.items)
    items.push_back({{"productId", i.product_id},
                     {"productOptionId", i.option_id},
                     {"productName", i.product_name},
                     {"optionName", i.option_name},
                     {"unitPrice", i.unit_price},
                     {"quantity", i.quantity},
                     {"subtotal", rules::line_subtotal(i.unit_price, i.quantity)}});
  const auto& r = o.row;
  return {{"orderId", r.id},
          {"userId", r.user_id},
          {"status", to_string(r.status)},
          {"totalAmount", r.total_amount},
          {"discountAmount", r.discount_amount},
          {"paidAmount", r.paid_amount},
          {"couponId", id_or_null(r.user_coupon_id)},
          {"items", std::move(items)},
          {"createdAt", format_time(r.created_at_ms)},
          {"expiresAt", format_time(r.expires_at_ms)},
          {"paidAt", time_or_null(r.paid_at_ms)}};
}

void create_order(api_context& api, const call_ptr& c) {
  auto key = idempotency_key(c);
  if (!key) return;
  auto body = json_object_body(c);
  if (!body) return;
  auto user = user_of(c, *body);
  if (!user) return;
  auto lines = items_of(c, *body);
  if (!lines) return;
  ask_entity<order_record>(
      api, entity_kind::user, *user,
      [c](caf::expected<order_record> o) {
        if (!o) return c->fail(o.error());
        c->reply(status::created, order_json(*o));
      },
      place_order_atom::value, std::move(*lines), std::move(*key));
}

void pay_order(api_context& api, const call_ptr& c) {
  auto key = idempotency_key(c);
  if (!key) return;
  auto body = json_object_body(c);
  if (!body) return;
  auto user = user_of(c, *body);
  if (!user) return;
  field_reader f(*body);
  auto coupon = f.integer("couponId", 1, INT64_MAX, false);
  if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error());
  auto done = [c](caf::expected<payment_receipt> r) {
    if (!r) return c->fail(r.error());
    const auto& o = r->order;
    c->reply(status::ok, {{"orderId", o.id},
                          {"status", to_string(o.status)},
                          {"totalAmount", o.total_amount},
                          {"discountAmount", o.discount_amount},
                          {"paidAmount", o.paid_amount},
                          {"couponId", id_or_null(o.user_coupon_id)},
                          {"paidAt", time_or_null(o.paid_at_ms)},
                          {"balance", r->balance}});
  };
  auto order = c->path_id(0);
  if (key->empty())  // straight to the order
    ask_entity<payment_receipt>(api, entity_kind::order, order, done, pay_atom::value, *user,
                                coupon.value_or(0), receipt_ticket{});
  else  // the user's actor owns the user's keys
    ask_entity<payment_receipt>(api, entity_kind::user, *user, done, pay_atom::value, order,
                                coupon.value_or(0), std::move(*key));
}

void cancel_order(api_context& api, const call_ptr& c) {
  auto key = idempotency_key(c);
  if (!key) return;
  auto body = json_object_body(c);
  if (!body) return;
  auto user = user_of(c, *body);
  if (!user) return;
  auto done = [c](caf::expected<order_row> o) {
    if (!o) return c->fail(o.error());
    c->reply(status::ok, {{"orderId", o->id}, {"status", to_string(o->status)}});
  };
  auto order = c->path_id(0);
  if (key->empty())
    ask_entity<order_row>(api, entity_kind::order, order, done, cancel_atom::value, *user,
                          receipt_ticket{});
  else
    ask_entity<order_row>(api, entity_kind::user, *user, done, cancel_atom::value, order,
                          std::move(*key));
}

void order_detail(api_context& api, const call_ptr& c) {
  ask_entity<order_record>(
      api, entity_kind::order, c->path_id(0),
      [c](caf::expected<order_record> o) {
        if (!o) return c->fail(o.error());
        // caller() is 0 when customer checks are off (auth.mode = none).
        if (c->caller() != 0 && c->caller() != o->row.user_id)
          return c->fail(shop_error::forbidden, "this token may not read that order");
        c->reply(status::ok, order_json(*o));
      },
      view_atom::value);
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
  api.runtime.bridge.ask<model::order_page>(api.runtime.ctx.readers, api.read_timeout,
                                            caf::make_message(model::list_orders_atom::value, q),
                                            [c, q](caf::expected<model::order_page> page) {
                                              if (!page) return c->fail(page.error());
                                              auto items = nlohmann::json::array();
                                              for (const auto& o : page->items)
                                                items.push_back(order_json(o));
                                              c->reply(status::ok, {{"items", std::move(items)},
                                                                    {"page", q.page},
                                                                    {"size", q.size},
                                                                    {"totalItems", page->total}});
                                            });
}

void expire_orders_now(api_context& api, const call_ptr& c) {
  api.runtime.bridge.ask<std::int64_t>(api.runtime.sweeper, caf::infinite,
                                       caf::make_message(sweep_atom::value),
                                       [c](caf::expected<std::int64_t> n) {
                                         if (!n) return c->fail(n.error());
                                         c->reply(status::ok, {{"expired", *n}});
                                       });
}

}  // namespace shop::http
