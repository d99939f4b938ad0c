// The state of a user's actor, shared by its parts: user_actor.cpp (lifecycle and behaviors),
// user_wallet.cpp, user_cart.cpp, user_coupons.cpp, user_orders.cpp and user_keys.hpp
// (idempotency).
#pragma once

#include <caf/all.hpp>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/entities/idempotency_ledger.hpp"
#include "actors/entities/user_actor.hpp"
#include "actors/hosting/entity_context.hpp"
#include "actors/hosting/entity_lifecycle.hpp"
#include "model/rows.hpp"

namespace shop {

struct user_state {
  entity_life life;
  shared_context ctx;
  model::user_row row;
  std::vector<model::cart_item_row> cart;       // in the order the lines were added
  std::vector<model::user_coupon_row> coupons;  // in the order they were issued
  idempotency_ledger keys;
  // Repeats of a keyed request that arrived while the first was still acting.
  std::unordered_map<std::string, std::vector<caf::response_promise>> waiting;
  // Keyed requests waiting for their key's record to be read from the database (user_keys.hpp):
  // each is decided again after the read, or answered its error.
  std::unordered_map<std::string, std::vector<std::function<void(const caf::error&)>>> reading;
  static inline const char* name = "user";
};

using user_self = user_actor::stateful_pointer<user_state>;

// What the parts answer; user_actor.cpp puts them into the running behavior (user_actor.hpp
// says what each message means).

// user_wallet.cpp
caf::result<model::user_row> charge(user_self self, std::int64_t amount, std::string key);
caf::result<model::user_row> debit(user_self self, std::int64_t amount);
caf::result<model::user_row> credit(user_self self, std::int64_t amount);

// user_cart.cpp
caf::result<model::cart_item_row> add_to_cart(user_self self, std::int64_t option_id,
                                              std::int64_t quantity);
caf::result<cart_view> view_cart(user_self self);
caf::result<caf::ok_atom> remove_from_cart(user_self self, std::int64_t cart_item_id);

// user_coupons.cpp
std::vector<model::user_coupon_row> coupons_passing(user_self self, coupon_filter filter);
void adopt_coupon(user_self self, const model::user_coupon_row& c);
caf::result<model::user_coupon_row> issue_coupon(user_self self, std::int64_t coupon_id,
                                                 std::string key);

// user_orders.cpp
caf::result<model::order_record> place_order(user_self self, std::vector<order_line> lines,
                                             std::string key);
caf::result<payment_receipt> pay_order(user_self self, std::int64_t order_id,
                                       std::int64_t user_coupon_id, std::string key);
caf::result<model::order_row> cancel_order(user_self self, std::int64_t order_id, std::string key);
caf::result<payment_receipt> settle_payment(user_self self, const payment_draft& d);

}  // namespace shop
