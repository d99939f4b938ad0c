// Documents for people and tools, served from what the build embedded (http/documents.hpp).
#pragma once

#include "http/api_context.hpp"
#include "http/route_table.hpp"

namespace shop::http {

// GET /openapi.json: the OpenAPI 3.1 document of every route.
void openapi_json(api_context& api, const call_ptr& c);
// GET /admin/dashboard: the operator dashboard. The page itself holds no data (no token needed to
// load it); it asks for the admin token and sends it with every call it makes.
void dashboard_page(api_context& api, const call_ptr& c);
// GET /admin/dashboard/chart.js: the charting library the page loads.
void dashboard_chart_js(api_context& api, const call_ptr& c);

}  // namespace shop::http
