// Users and their wallets (US-004): creation by operators, the wallet's view and charges.
#pragma once

#include <string>

#include "service/shop_service.hpp"

namespace shop::service {

// A new user with a new id and `initial_balance` won, after commit.
void create_user(const shop_service& s, std::string name, std::int64_t initial_balance,
                 callback<model::user_row> done);

// The user and the wallet's balance                                      | USER_NOT_FOUND
void user_detail(const shop_service& s, std::int64_t user_id, callback<model::user_row> done);

// Adds `amount` to the wallet, after commit. `key` is an Idempotency-Key ("" for none): a repeat
// answers the first reply.              | INVALID_AMOUNT, BALANCE_LIMIT_EXCEEDED, USER_NOT_FOUND
void charge(const shop_service& s, std::int64_t user_id, std::int64_t amount, std::string key,
            callback<model::user_row> done);

}  // namespace shop::service
