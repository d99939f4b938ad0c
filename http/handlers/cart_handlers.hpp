// The cart: US-005 add, US-006 view, US-007 remove.
#pragma once

#include "http/api_context.hpp"
#include "http/route_table.hpp"

namespace shop::http {

void add_to_cart(api_context& api, const call_ptr& c);       // POST /api/users/{userId}/cart
void view_cart(api_context& api, const call_ptr& c);         // GET /api/users/{userId}/cart
void remove_from_cart(api_context& api, const call_ptr& c);  // DELETE .../cart/{cartItemId}

}  // namespace shop::http
