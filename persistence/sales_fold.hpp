// Units sold per option (`option_sales`): a payment's unit writes one row per option it sold,
// keyed (option, order), in the payment's own transaction, so the rows of an option always add up
// to the units sold in its PAID orders. order_id 0 is the folded total: a fold adds the other rows
// into it and deletes them, so readers sum a few rows per option.
#pragma once

#include <cppconn/connection.h>

#include <cstdint>

namespace shop::persistence {

// Adds every order's row into its option's total and deletes it, in one transaction committed
// here; how many rows it folded. A folded row must never be written again, so run it only where
// no unit with sales can still be retried: on the journal's connection, with nothing in doubt.
// Throws sql::SQLException.
std::int64_t fold_sales(sql::Connection& con);

}  // namespace shop::persistence
