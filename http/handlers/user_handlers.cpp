#include "http/handlers/user_handlers.hpp"

#include "actors/hosting/ask.hpp"
#include "actors/rules/wallet.hpp"
#include "http/customer_token.hpp"
#include "http/idempotency_header.hpp"
#include "http/json_input.hpp"
#include "model/row_image.hpp"

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
  user_row row{0, *name, initial.value_or(0), now_ms(), 1};
  api.runtime.bridge.ask<std::int64_t>(
      api.runtime.ids, api.read_timeout,
      caf::make_message(next_id_atom::value, static_cast<std::uint8_t>(model::table_id::users),
                        std::int64_t{1}),
      [&api, c, row](caf::expected<std::int64_t> id) mutable {
        if (!id) return c->fail(id.error());
        row.id = *id;
        ask_entity<user_row>(
            api, entity_kind::user, row.id,
            [&api, c](caf::expected<user_row> u) {
              if (!u) return c->fail(u.error());
              c->reply(status::created, {{"userId", u->id},
                                         {"name", u->name},
                                         {"balance", u->balance},
                                         {"token", token_for(api, u->id)}});
            },
            create_atom::value, row);
      });
}

void issue_user_token(api_context& api, const call_ptr& c) {
  ask_entity<user_row>(
      api, entity_kind::user, c->path_id(0),
      [&api, c](caf::expected<user_row> u) {
        if (!u) return c->fail(u.error());
        c->reply(status::ok, {{"token", token_for(api, u->id)}});
      },
      view_atom::value);
}

void user_balance(api_context& api, const call_ptr& c) {
  ask_entity<user_row>(
      api, entity_kind::user, c->path_id(0),
      [c](caf::expected<user_row> u) {
        if (!u) return c->fail(u.error());
        c->reply(status::ok, {{"userId", u->id}, {"balance", u->balance}, {"currency", "KRW"}});
      },
      view_atom::value);
}

void charge_balance(api_context& api, const call_ptr& c) {
  auto key = idempotency_key(c);
  if (!key) return;
  auto body = json_object_body(c);
  if (!body) return;
  field_reader f(*body);
  auto amount = f.integer("amount", 1, rules::max_charge);
  if (!f.ok()) return c->fail(shop_error::invalid_amount, f.error());
  ask_entity<user_row>(
      api, entity_kind::user, c->path_id(0),
      [c](caf::expected<user_row> u) {
        if (!u) return c->fail(u.error());
        c->reply(status::ok, {{"userId", u->id}, {"balance", u->balance}});
      },
      charge_atom::value, *amount, std::move(*key));
}

}  // namespace shop::http
