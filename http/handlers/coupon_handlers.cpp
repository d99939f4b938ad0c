#include "http/handlers/coupon_handlers.hpp"

#include "actors/rules/coupon.hpp"
#include "http/idempotency_header.hpp"
#include "http/json_input.hpp"
#include "service/coupons.hpp"

namespace shop::http {

using boost::beast::http::status;
using model::coupon_row;
using model::user_coupon_row;

namespace {

nlohmann::json time_or_null(std::int64_t ms) {
  return ms ? nlohmann::json(format_time(ms)) : nlohmann::json(nullptr);
}

// The 400 message for an unknown ?status=, naming the statuses from their one definition.
std::string status_problem() {
  using model::coupon_status;
  auto name = [](coupon_status s) { return std::string{to_string(s)}; };
  return "status must be " + name(coupon_status::available) + ", " + name(coupon_status::used) +
         " or " + name(coupon_status::expired);
}

// The filter that passes the coupons of status `s` only.
coupon_filter filter_of(model::coupon_status s) {
  switch (s) {
    case model::coupon_status::available:
      return coupon_filter::available;
    case model::coupon_status::used:
      return coupon_filter::used;
    case model::coupon_status::expired:
      return coupon_filter::expired;
    case model::coupon_status::count_:
      break;  // no name parses to it
  }
  return coupon_filter::all;
}

}  // namespace

nlohmann::json coupon_json(const coupon_row& c) {
  return {{"couponId", c.id},
          {"name", c.name},
          {"discountType", c.discount_type},
          {"discountValue", c.discount_value},
          {"totalQuantity", c.total_quantity},
          {"issuedQuantity", c.issued_quantity},
          {"startsAt", time_or_null(c.starts_at_ms)},
          {"expiresAt", format_time(c.expires_at_ms)}};
}

nlohmann::json user_coupon_json(const user_coupon_row& c) {
  return {{"userCouponId", c.id},
          {"couponId", c.coupon_id},
          {"userId", c.user_id},
          {"name", c.name},
          {"discountType", c.discount_type},
          {"discountValue", c.discount_value},
          {"status", to_string(c.status)},
          {"issuedAt", format_time(c.issued_at_ms)},
          {"expiresAt", format_time(c.expires_at_ms)},
          {"usedAt", time_or_null(c.used_at_ms)}};
}

void create_coupon(api_context& api, const call_ptr& c) {
  auto body = json_object_body(c);
  if (!body) return;
  field_reader f(*body);
  auto name = f.text("name", 200);
  auto type = f.text("discountType", 16);
  auto value = f.integer("discountValue", 1, rules::max_amount_discount);
  auto total = f.integer("totalQuantity", 1, rules::max_coupon_quantity);
  auto starts = f.time("startsAt", false);
  auto expires = f.time("expiresAt");
  if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error());
  service::campaign_terms terms{*name, *type, *value, *total, starts.value_or(0), *expires};
  if (auto problem = service::campaign_problem(terms))
    return c->fail(shop_error::invalid_argument, *problem);
  service::create_coupon(api.shop, terms, [c](caf::expected<coupon_row> made) {
    if (!made) return c->fail(made.error());
    c->reply(status::created, coupon_json(*made));
  });
}

void coupon_detail(api_context& api, const call_ptr& c) {
  service::coupon_detail(api.shop, c->path_id(0), [c](caf::expected<coupon_row> v) {
    if (!v) return c->fail(v.error());
    c->reply(status::ok, coupon_json(*v));
  });
}

void issue_coupon(api_context& api, const call_ptr& c) {
  auto key = idempotency_key(c);
  if (!key) return;
  auto body = json_object_body(c);
  if (!body) return;
  field_reader f(*body);
  auto user = f.integer("userId", 1, INT64_MAX);
  if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error());
  service::issue_coupon(api.shop, c->path_id(0), *user, std::move(*key),
                        [c](caf::expected<user_coupon_row> uc) {
                          if (!uc) return c->fail(uc.error());
                          c->reply(status::created, user_coupon_json(*uc));
                        });
}

void list_user_coupons(api_context& api, const call_ptr& c) {
  auto status_param = c->query("status");
  coupon_filter filter = coupon_filter::all;
  if (status_param && !status_param->empty()) {
    auto s = model::enum_of_name<model::coupon_status>(*status_param);
    if (!s) return c->fail(shop_error::invalid_argument, status_problem());
    filter = filter_of(*s);
  }
  service::user_coupons(api.shop, c->path_id(0), filter,
                        [c](caf::expected<std::vector<user_coupon_row>> list) {
                          if (!list) return c->fail(list.error());
                          auto items = nlohmann::json::array();
                          for (const auto& uc : *list) items.push_back(user_coupon_json(uc));
                          c->reply(status::ok, {{"items", std::move(items)}});
                        });
}

}  // namespace shop::http
