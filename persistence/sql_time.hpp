// Times in SQL: the service keeps epoch milliseconds (UTC); columns are DATETIME(3) (the session
// time zone is UTC). FROM_UNIXTIME/UNIX_TIMESTAMP stop at 2038-01-19 on MariaDB 10.x, so the
// conversions go through date arithmetic instead.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace shop::persistence {

// Epoch milliseconds as a DATETIME(3) value: `ms` is a number, or "?" for a bound parameter.
inline std::string datetime_of(std::string_view ms) {
  return "DATE_ADD('1970-01-01', INTERVAL " + std::string(ms) + " * 1000 MICROSECOND)";
}

// For prepared statements, and for SQL text built with its values inline (the journal's batches).
inline const std::string time_param = datetime_of("?");
inline std::string time_literal(std::int64_t ms) {
  return datetime_of(std::to_string(ms));
}

// A DATETIME column read back as epoch milliseconds (NULL stays NULL).
inline std::string millis_of(const std::string& column) {
  return "(TIMESTAMPDIFF(MICROSECOND, '1970-01-01', " + column + ") DIV 1000)";
}

}  // namespace shop::persistence
