// Idempotency records read outside a user's activation: one its actor no longer holds in memory
// (actors/entities/user_keys.hpp), and those past their window, for the retention job
// (actors/jobs/receipt_retention.hpp).
#pragma once

#include <cppconn/connection.h>

#include <caf/optional.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "model/rows.hpp"

namespace shop::persistence {

// The newest record of `key` for user `user_id` created at or after `since_ms`; none if there is
// no such record.
caf::optional<model::idempotency_row> load_receipt(sql::Connection& con, std::int64_t user_id,
                                                   const std::string& key, std::int64_t since_ms);

// Ids of up to `limit` records created before `before_ms`, oldest first.
std::vector<std::int64_t> expired_receipts(sql::Connection& con, std::int64_t before_ms,
                                           std::int64_t limit);

}  // namespace shop::persistence
