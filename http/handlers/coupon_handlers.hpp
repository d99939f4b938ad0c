// First-come coupons: campaigns (admin), their public view, issuing (US-013) and the user's
// coupons (US-014).
#pragma once

#include <nlohmann/json.hpp>

#include "http/api_context.hpp"
#include "http/route_table.hpp"
#include "model/rows.hpp"

namespace shop::http {

nlohmann::json coupon_json(const model::coupon_row& c);
nlohmann::json user_coupon_json(const model::user_coupon_row& c);

void create_coupon(api_context& api, const call_ptr& c);      // POST /admin/coupons
void coupon_detail(api_context& api, const call_ptr& c);      // GET /api/coupons/{couponId}
void issue_coupon(api_context& api, const call_ptr& c);       // POST /api/coupons/{couponId}/issue
void list_user_coupons(api_context& api, const call_ptr& c);  // GET /api/users/{userId}/coupons

}  // namespace shop::http
