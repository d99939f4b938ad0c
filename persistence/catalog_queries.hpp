// Catalog reads: the product listing query and the loads that activate entity actors.
#pragma once

#include <cppconn/connection.h>

#include <caf/optional.hpp>
#include <cstdint>

#include "model/product_query.hpp"
#include "model/row_image.hpp"
#include "model/rows.hpp"

namespace shop::persistence {

// Persistence stores and loads the values of model/.
using namespace model;

// Only products on sale; ties always fall back to newest first, then higher id.
product_page list_products(sql::Connection& con, const product_query& q);

caf::optional<product_record> load_product(sql::Connection& con, std::int64_t id);
caf::optional<option_record> load_option(sql::Connection& con, std::int64_t id);

// Highest id in use, so the service can hand out the next ones itself.
std::int64_t max_id(sql::Connection& con, table_id t);

}  // namespace shop::persistence
