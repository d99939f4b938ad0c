// SQL of the id blocks (migration 0009): several nodes on one database take row ids in blocks, so
// that none hands out an id another one did. Blocking: call it from a detached actor.
#pragma once

#include <cppconn/connection.h>

#include <cstdint>

namespace shop::persistence {

// Reserves `size` (>= 1) consecutive ids of table `table_id` and returns the first. The block
// starts above `floor` (the highest id this caller knows to be used, e.g. the table's highest id
// at start) and above every block reserved before, by anyone; one transaction on `c`. Throws
// sql::SQLException (std::invalid_argument for a size below 1).
std::int64_t reserve_id_block(sql::Connection& c, int table_id, std::int64_t size,
                              std::int64_t floor);

}  // namespace shop::persistence
