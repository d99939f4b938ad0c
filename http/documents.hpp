// Documents shop-server serves as they were at build time (cmake/EmbedText.cmake): nothing is read
// from disk or fetched from elsewhere at run time.
#pragma once

#include <string_view>

namespace shop::http::assets {

// docs/openapi.json: every route of http/shop_routes.cpp (tests/http/openapi_document_test.cpp).
std::string_view openapi_document();
// http/assets/dashboard.html: the operator dashboard (GET /admin/dashboard).
std::string_view dashboard_page();
// Debian's Chart.js (libjs-chart.js), which the dashboard draws its charts with.
std::string_view chart_js();

}  // namespace shop::http::assets
