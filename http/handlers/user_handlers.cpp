#include "http/handlers/user_handlers.hpp"

#include "actors/rules/wallet.hpp"
#include "http/customer_token.hpp"
#include "http/idempotency_header.hpp"
#include "http/json_input.hpp"
#include "service/users.hpp"

namespace shop::http {

using boost::beast::http::status;
using model::user_row;

namespace {

std::string token_for(const api_context& api, std::int64_t user_id) {
  return issue_customer_token(api.jwt_secret, user_id, now_ms() / 1000, api.token_ttl_s);
}

}  // namespace

void create_user(api_context& api, const call_ptr& c) {
  auto body = json_object_body(c);
  if (!body) return;
  field_reader f(*body);
  auto name = f.text("name", 100);
  if (!f.ok()) return c->fail(shop_error::invalid_argument, f.error());
  auto initial = f.integer("initialBalance", 0, rules::max_balance, false);
  if (!f.ok()) return c->fail(shop_error::invalid_amount, f.error());
  service::create_user(api.shop, *name, initial.value_or(0), [&api, c](caf::expected<user_row> u) {
    if (!u) return c->fail(u.error());
    c->reply(status::created, {{"userId", u->id},
                               {"name", u->name},
                               {"balance", u->balance},
                               {"token", token_for(api, u->id)}});
  });
}

void issue_user_token(api_context& api, const call_ptr& c) {
  service::user_detail(api.shop, c->path_id(0), [&api, c](caf::expected<user_row> u) {
    if (!u) return c->fail(u.error());
    c->reply(status::ok, {{"token", token_for(api, u->id)}});
  });
}

void user_balance(api_context& api, const call_ptr& c) {
  service::user_detail(api.shop, c->path_id(0), [c](caf::expected<user_row> u) {
    if (!u) return c->fail(u.error());
    c->reply(status::ok, {{"userId", u->id}, {"balance", u->balance}, {"currency", "KRW"}});
  });
}

void charge_balance(api_context& api, const call_ptr& c) {
  auto key = idempotency_key(c);
  if (!key) return;
  auto body = json_object_body(c);
  if (!body) return;
  field_reader f(*body);
  auto amount = f.integer("amount", 1, rules::max_charge);
  if (!f.ok()) return c->fail(shop_error::invalid_amount, f.error());
  service::charge(api.shop, c->path_id(0), *amount, std::move(*key),
                  [c](caf::expected<user_row> u) {
                    if (!u) return c->fail(u.error());
                    c->reply(status::ok, {{"userId", u->id}, {"balance", u->balance}});
                  });
}

}  // namespace shop::http
