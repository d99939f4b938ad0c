// What operators see: GET /metrics (Prometheus text, no token) and live actor inspection
// (GET /admin/actors?type=, GET /admin/actors/{type}/{id}).
#pragma once

#include <nlohmann/json.hpp>

#include "actors/hosting/entity_inspection.hpp"
#include "actors/jobs/operator_view.hpp"
#include "http/api_context.hpp"
#include "http/route_table.hpp"

namespace shop::http {

// The Prometheus text of the process counters plus the gauges asked of the actors now.
std::string metrics_text(const operator_gauges& g);

nlohmann::json report_json(const entity_report& r);

void scrape_metrics(api_context& api, const call_ptr& c);
// ?type=product|option|user|coupon|order (required), ?limit=1..1000 (default 100).
void list_live_actors(api_context& api, const call_ptr& c);
// GET /admin/actors/{type}/{id}[?activate=true]; one function per type, for the route table.
void inspect_product_actor(api_context& api, const call_ptr& c);
void inspect_option_actor(api_context& api, const call_ptr& c);
void inspect_user_actor(api_context& api, const call_ptr& c);
void inspect_coupon_actor(api_context& api, const call_ptr& c);
void inspect_order_actor(api_context& api, const call_ptr& c);

}  // namespace shop::http
