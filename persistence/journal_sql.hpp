// Pure helpers of the journal: coalescing images and the SQL text that applies them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/row_image.hpp"
#include "persistence/tables.hpp"

namespace shop::persistence {

// Persistence stores and loads the values of model/.
using namespace model;

// Keeps only the newest image of each (table, id), in the order rows were first seen.
std::vector<row_image> coalesce(const std::vector<const journal_unit*>& units);

// The sales of `units`, one per (option, order): the last one seen, as for images.
std::vector<sale> coalesce_sales(const std::vector<const journal_unit*>& units);

// Every distinct claim of the units (the batch's fence).
std::vector<shard_claim> coalesce_claims(const std::vector<const journal_unit*>& units);

// Writes `sales` as their rows of option_sales, each only while its order is not PAID in the
// database yet: it runs before the batch's rows, so a unit written again after its sales were
// folded away (a retry after an unknown outcome, on any node of a cluster) does not count them
// twice. A row written again in the same state is replaced, not added to. Empty if no sales.
std::string sales_sql(const std::vector<sale>& sales);

// Escapes a string for use between single quotes; the connection's, which knows its charset.
using sql_escape = std::function<std::string(const std::string&)>;

// One INSERT of `rows` (all of `schema`'s table, none erased), values inline, with a version
// guard: an existing row is only overwritten by a newer image.
std::string upsert_sql(const table_schema& schema, const std::vector<const row_image*>& rows,
                       const sql_escape& escape);

// The DELETE of one tombstone, guarded the same way.
std::string erase_sql(const table_schema& schema, const row_image& row);

// The whole batch as multi-statement scripts: per table its deletes, then upserts of at most
// `max_rows` rows each; a new script starts where one would pass `max_bytes` (a statement is never
// split), and only the last ends with COMMIT. All run in one transaction, normally as one script:
// one round trip per batch instead of one per statement plus the commit's. `sales` (as one
// sales_sql statement) run first. Empty if there is nothing to write.
std::vector<std::string> batch_sql(const std::vector<row_image>& rows, const sql_escape& escape,
                                   std::size_t max_rows, std::size_t max_bytes,
                                   const std::vector<sale>& sales = {});

}  // namespace shop::persistence
