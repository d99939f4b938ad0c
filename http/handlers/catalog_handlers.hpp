// US-001 product list and US-002 product detail.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "actors/messages.hpp"
#include "http/api_context.hpp"
#include "http/route_table.hpp"
#include "model/product_query.hpp"

namespace shop::http {

// "newest" (also when absent), "price_asc", "price_desc", "popular"; nullopt for anything else.
std::optional<model::product_sort> parse_sort(const std::optional<std::string>& s);

// The product detail body of API.md.
nlohmann::json product_json(const product_view& v);

void list_products(api_context& api, const call_ptr& c);
void product_detail(api_context& api, const call_ptr& c);

}  // namespace shop::http
