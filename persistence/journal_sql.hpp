// Pure helpers of the journal: coalescing images and the SQL text that applies them.
#pragma once

#include <string>
#include <vector>

#include "persistence/row_image.hpp"
#include "persistence/tables.hpp"

namespace shop::persistence {

// Keeps only the newest image of each (table, id), in the order rows were first seen.
std::vector<row_image> coalesce(const std::vector<const journal_unit*>& units);

// INSERT of `rows` rows with a version guard: an existing row is only overwritten by a newer image.
std::string upsert_sql(const table_schema& schema, std::size_t rows);

// DELETE guarded the same way.
std::string erase_sql(const table_schema& schema);

}  // namespace shop::persistence
