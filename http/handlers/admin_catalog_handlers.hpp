// Operator endpoints of the catalog: create and change products, restock or write off options.
#pragma once

#include <optional>

#include "actors/messages.hpp"
#include "http/api_context.hpp"
#include "http/json_input.hpp"
#include "http/route_table.hpp"

namespace shop::http {

// Reads a new product (without ids) from the body of POST /admin/products.
std::optional<product_draft> read_product_draft(const nlohmann::json& body, field_reader& f);

// Reads the fields of PATCH /admin/products/{id}; absent fields stay unchanged.
product_changes read_product_changes(field_reader& f);

void create_product(api_context& api, const call_ptr& c);
void update_product(api_context& api, const call_ptr& c);
void adjust_option_stock(api_context& api, const call_ptr& c);

}  // namespace shop::http
