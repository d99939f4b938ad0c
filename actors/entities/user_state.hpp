// The state of a user's actor, shared by its parts: user_actor.cpp (lifecycle), user_wallet.cpp,
// user_cart.cpp, user_coupons.cpp, user_orders.cpp and user_keys.hpp (idempotency).
#pragma once

#include <caf/all.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/hosting/entity_context.hpp"
#include "actors/hosting/entity_lifecycle.hpp"
#include "actors/entities/idempotency_ledger.hpp"
#include "model/rows.hpp"

namespace shop {

struct user_state {
  entity_life life;
  entity_context ctx;
  model::user_row row;
  std::vector<model::cart_item_row> cart;       // in the order the lines were added
  std::vector<model::user_coupon_row> coupons;  // in the order they were issued
  idempotency_ledger keys;
  // Repeats of a keyed request that arrived while the first was still acting.
  std::unordered_map<std::string, std::vector<caf::response_promise>> waiting;
  static inline const char* name = "user";
};

using user_actor = caf::stateful_actor<user_state>;

caf::message_handler wallet_handlers(user_actor* self);
caf::message_handler cart_handlers(user_actor* self);
caf::message_handler coupon_handlers(user_actor* self);
caf::message_handler order_handlers(user_actor* self);

}  // namespace shop
