// Units sold per option (`option_sales`): a payment's unit writes one row per option it sold,
// keyed (option, order), in the payment's own transaction, so the rows of an option always add up
// to the units sold in its PAID orders. order_id 0 is the folded total: a fold adds the other rows
// into it and deletes them, so readers sum a few rows per option.
#pragma once

#include <cppconn/connection.h>

#include <cstdint>

namespace shop::persistence {

// Adds the order rows it finds into their options' totals and deletes exactly those, in one
// transaction committed here; how many rows it folded. Rows committed meanwhile by other
// connections (other nodes' journals) stay for the next fold, and a unit written again after
// its rows were folded adds nothing (journal_sql.hpp, sales_sql), so it may run on any node at
// any time. Throws sql::SQLException.
std::int64_t fold_sales(sql::Connection& con);

}  // namespace shop::persistence
