// orders.status in SQL: the model's names (model/order_status.hpp), as literals in query text and
// back from a result column.
#pragma once

#include <cppconn/exception.h>

#include <string>

#include "model/order_status.hpp"

namespace shop::persistence {

// 'PAID' and so on, quoted, for `WHERE status = ...`.
inline std::string sql_literal(model::order_status s) {
  return "'" + std::string{to_string(s)} + "'";
}

// A status column read back. A name the service does not know fails like a refused statement.
inline model::order_status order_status_of(const std::string& column) {
  if (auto s = model::order_status_from_string(column)) return *s;
  throw sql::SQLException("unknown order status '" + column + "'");
}

}  // namespace shop::persistence
