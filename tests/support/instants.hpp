// Instants as the API writes them (RFC 3339, UTC, milliseconds) and as tests compute them.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

namespace shop::test {

using nlohmann::json;

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// RFC 3339 in UTC with milliseconds.
inline std::string rfc3339(std::int64_t ms) {
  const auto secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

// Epoch ms of "YYYY-MM-DDTHH:MM:SS[.fff]Z"; -1 for anything else (null included).
inline std::int64_t instant_of(const json& v) {
  std::tm tm{};
  int ms = 0, n = 0;
  const auto s = v.is_string() ? v.get<std::string>() : std::string();
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n.%3d%n", &tm.tm_year, &tm.tm_mon,
                  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n, &ms, &n) < 6 ||
      s.substr(static_cast<std::size_t>(n)) != "Z")
    return -1;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + ms;
}

}  // namespace shop::test
