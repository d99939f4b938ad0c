// US-003: the newest popularity snapshot, and the operators' "run the batch now".
#pragma once

#include <nlohmann/json.hpp>

#include "http/api_context.hpp"
#include "http/route_table.hpp"
#include "model/popularity_rows.hpp"

namespace shop::http {

// {"createdAt", "products": [{"rank", "productId", "name", "price", "category", "soldQuantity",
// "lastSoldAt"}]}; createdAt null and no products when there is no snapshot yet.
nlohmann::json snapshot_json(const model::popularity_snapshot& s);

void top_products(api_context& api, const call_ptr& c);
// POST /admin/jobs/popularity-snapshot {"asOf"?}: an empty body, {} or a null asOf mean now.
void run_popularity_snapshot(api_context& api, const call_ptr& c);

}  // namespace shop::http
