// Orders and payment (US-008..US-012, US-015): create, pay, cancel, read, a customer's history,
// and the operators' expiry sweep.
#pragma once

#include <nlohmann/json.hpp>

#include "http/api_context.hpp"
#include "http/route_table.hpp"
#include "model/rows.hpp"

namespace shop::http {

nlohmann::json order_json(const model::order_record& o);

void create_order(api_context& api, const call_ptr& c);       // POST /api/orders
void pay_order(api_context& api, const call_ptr& c);          // POST /api/orders/{id}/payment
void cancel_order(api_context& api, const call_ptr& c);       // POST /api/orders/{id}/cancel
void order_detail(api_context& api, const call_ptr& c);       // GET /api/orders/{id}
void list_user_orders(api_context& api, const call_ptr& c);   // GET /api/users/{id}/orders
void expire_orders_now(api_context& api, const call_ptr& c);  // POST /admin/jobs/expire-orders

}  // namespace shop::http
