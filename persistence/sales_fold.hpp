// Units sold per option (`option_sales`): the journal writes one row per batch and option with
// the units that batch's payments sold, in the payments' own transaction, so the rows of an
// option always add up to the units sold in its PAID orders. Batch 0 is the folded total; a fold
// adds older batches' rows into it and deletes them, so readers sum a few rows per option.
#pragma once

#include <cppconn/connection.h>

#include <cstdint>

namespace shop::persistence {

// The first batch number no row uses yet (1 on an empty table; 0 is the folded total).
std::int64_t next_sales_batch(sql::Connection& con);

// Adds the rows of batches 1..`through` into each option's batch 0 and deletes them, in one
// transaction committed here; how many rows it folded. Run it where no batch numbered up to
// `through` can still be written (the journal's connection, between batches). Throws
// sql::SQLException.
std::int64_t fold_sales(sql::Connection& con, std::int64_t through);

}  // namespace shop::persistence
