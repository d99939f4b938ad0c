// What every handler may use: the actor system and the shop's runtime. Handlers speak to actors
// only (http -> actors), never to the database.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "actors/shop_runtime.hpp"

namespace shop::http {

struct api_context {
  caf::actor_system& system;
  shop_runtime& runtime;
  // Calls that may wait on the database (catalog queries). Calls to entity actors carry no timer:
  // an entity always answers (loads have their own timeout), and a timer per call costs.
  std::chrono::milliseconds read_timeout{10000};
  // Signs the customer tokens that POST /admin/users and /admin/users/{id}/token hand out.
  std::string jwt_secret{};
  std::int64_t token_ttl_s = 86400;
};

// Asks entity (kind, id) through the registry; the answer (or error) goes to `done`.
template <class Reply, class... Ts>
void ask_entity(api_context& api, entity_kind kind, std::int64_t id, reply_fn<Reply> done,
                Ts&&... xs) {
  api.runtime.bridge.ask_entity<Reply>(api.runtime.ctx.registry, key_of(kind, id), caf::infinite,
                                       std::move(done), std::forward<Ts>(xs)...);
}

}  // namespace shop::http
