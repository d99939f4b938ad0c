// Users and their wallets: US-004 balance, charging, and the operator endpoints that create users
// and hand out their tokens.
#pragma once

#include "http/api_context.hpp"
#include "http/route_table.hpp"

namespace shop::http {

void create_user(api_context& api, const call_ptr& c);       // POST /admin/users
void issue_user_token(api_context& api, const call_ptr& c);  // POST /admin/users/{userId}/token
void user_balance(api_context& api, const call_ptr& c);      // GET /api/users/{userId}/balance
void charge_balance(api_context& api, const call_ptr& c);    // POST .../balance/charge

}  // namespace shop::http
