// Reads of the popularity batch (US-003): what sold in a window, and the newest snapshot.
#pragma once

#include <cppconn/connection.h>

#include <caf/optional.hpp>
#include <cstdint>
#include <vector>

#include "model/popularity_rows.hpp"

namespace shop::persistence {

// Persistence stores and loads the values of model/.
using namespace model;

// Units sold per product in orders PAID in [from_ms, to_ms), every product that sold any.
std::vector<product_sales> product_sales_between(sql::Connection& con, std::int64_t from_ms,
                                                 std::int64_t to_ms);

// The snapshot written last (highest id), with its products by rank; none before the first run.
caf::optional<popularity_snapshot> newest_popularity_snapshot(sql::Connection& con);

}  // namespace shop::persistence
