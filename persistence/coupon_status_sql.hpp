// user_coupons.status in SQL: the model's names (model/coupon_status.hpp), back from a result
// column.
#pragma once

#include <cppconn/exception.h>

#include <string>

#include "model/coupon_status.hpp"

namespace shop::persistence {

// A status column read back. A name the service does not know fails like a refused statement.
inline model::coupon_status coupon_status_of(const std::string& column) {
  if (auto s = model::enum_of_name<model::coupon_status>(column)) return *s;
  throw sql::SQLException("unknown coupon status '" + column + "'");
}

}  // namespace shop::persistence
