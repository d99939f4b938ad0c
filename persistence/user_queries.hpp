// Loads that activate a user's actor (wallet row, cart lines, coupons, the stamps of the
// idempotency records still valid) and a coupon campaign's actor (row and holders).
#pragma once

#include <cppconn/connection.h>

#include <caf/optional.hpp>
#include <cstdint>

#include "model/rows.hpp"

namespace shop::persistence {

// Persistence stores and loads the values of model/.
using namespace model;

// nullopt when there is no such user. Records created before `receipts_since_ms` are left out.
// Of the others only a stamp (key hash and time) is read, oldest first.
caf::optional<user_record> load_user(sql::Connection& con, std::int64_t id,
                                     std::int64_t receipts_since_ms);

caf::optional<coupon_record> load_coupon(sql::Connection& con, std::int64_t id);

}  // namespace shop::persistence
