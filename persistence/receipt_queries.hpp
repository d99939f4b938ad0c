// Idempotency records past their window, for the retention job (actors/jobs/receipt_retention.hpp).
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <vector>

namespace shop::persistence {

// Ids of up to `limit` records created before `before_ms`, oldest first.
std::vector<std::int64_t> expired_receipts(sql::Connection& con, std::int64_t before_ms,
                                           std::int64_t limit);

}  // namespace shop::persistence
