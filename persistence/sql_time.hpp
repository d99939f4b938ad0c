// Times in SQL: the service keeps epoch milliseconds (UTC); columns are DATETIME(3) (the session
// time zone is UTC). FROM_UNIXTIME/UNIX_TIMESTAMP stop at 2038-01-19 on MariaDB 10.x, so the
// conversions go through date arithmetic instead.
#pragma once

#include <cstdint>
#include <string>

namespace shop::persistence {

// A bound parameter of epoch milliseconds as a DATETIME(3) value.
constexpr const char* time_param = "DATE_ADD('1970-01-01', INTERVAL ? * 1000 MICROSECOND)";

// The same for SQL text built with its values inline (the journal's batches).
inline std::string time_literal(std::int64_t ms) {
  return "DATE_ADD('1970-01-01', INTERVAL " + std::to_string(ms) + " * 1000 MICROSECOND)";
}

// A DATETIME column read back as epoch milliseconds (NULL stays NULL).
inline std::string millis_of(const std::string& column) {
  return "(TIMESTAMPDIFF(MICROSECOND, '1970-01-01', " + column + ") DIV 1000)";
}

}  // namespace shop::persistence
