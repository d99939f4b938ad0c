#include "http/json_input.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "actors/hosting/clock.hpp"

namespace shop::http {

std::optional<nlohmann::json> json_object_body(const call_ptr& c) {
  const auto& j = c->json_body();
  if (j.is_discarded() || !j.is_object()) {
    c->fail(shop_error::invalid_json);
    return std::nullopt;
  }
  return j;
}

std::optional<std::int64_t> field_reader::integer(const char* name, std::int64_t min,
                                                  std::int64_t max, bool required) {
  if (!has(name)) {
    if (required) problem(std::string{name} + " is required");
    return std::nullopt;
  }
  const auto& v = obj_[name];
  std::int64_t x = 0;
  if (v.is_number_integer() && v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max)) {
      problem(std::string{name} + " must be an integer in " + std::to_string(min) + ".." +
              std::to_string(max));
      return std::nullopt;
    }
    x = static_cast<std::int64_t>(u);
  } else if (v.is_number_integer()) {
    x = v.get<std::int64_t>();
  } else {
    problem(std::string{name} + " must be an integer");
    return std::nullopt;
  }
  if (x < min || x > max) {
    problem(std::string{name} + " must be an integer in " + std::to_string(min) + ".." +
            std::to_string(max));
    return std::nullopt;
  }
  return x;
}

std::optional<std::string> field_reader::text(const char* name, std::size_t max_len,
                                              bool required) {
  if (!has(name)) {
    if (required) problem(std::string{name} + " is required");
    return std::nullopt;
  }
  const auto& v = obj_[name];
  if (!v.is_string()) {
    problem(std::string{name} + " must be a string");
    return std::nullopt;
  }
  auto s = v.get<std::string>();
  if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) {
    problem(std::string{name} + " must not be blank");
    return std::nullopt;
  }
  if (s.size() > max_len) {
    problem(std::string{name} + " is longer than " + std::to_string(max_len) + " bytes");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> field_reader::boolean(const char* name, bool required) {
  if (!has(name)) {
    if (required) problem(std::string{name} + " is required");
    return std::nullopt;
  }
  const auto& v = obj_[name];
  if (!v.is_boolean()) {
    problem(std::string{name} + " must be true or false");
    return std::nullopt;
  }
  return v.get<bool>();
}

std::optional<std::int64_t> field_reader::time(const char* name, bool required) {
  if (!has(name)) {
    if (required) problem(std::string{name} + " is required");
    return std::nullopt;
  }
  const auto& v = obj_[name];
  auto ms = v.is_string() ? parse_time(v.get<std::string>()) : std::nullopt;
  if (!ms) problem(std::string{name} + " must be a time like 2026-11-23T10:15:30Z");
  return ms;
}

std::optional<std::int64_t> parse_time(std::string_view s) {
  int y, mo, d, h, mi, sec, used = 0;
  std::string text{s};
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) !=
          6 ||
      used != 19)
    return std::nullopt;
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
      sec > 60 || h < 0 || mi < 0 || sec < 0)
    return std::nullopt;
  std::size_t i = 19;
  std::int64_t ms = 0;
  if (i < text.size() && text[i] == '.') {
    int digits = 0;
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits)
      if (digits < 3) ms = ms * 10 + (text[i] - '0');
    if (digits == 0) return std::nullopt;
    for (int k = std::min(digits, 3); k < 3; ++k) ms *= 10;
  }
  std::int64_t offset_s = 0;
  if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
    ++i;
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    int oh, om, n = 0;
    if (std::sscanf(text.c_str() + i + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5 || oh > 23 ||
        om > 59)
      return std::nullopt;
    offset_s = (oh * 3600 + om * 60) * (text[i] == '+' ? 1 : -1);
    i += 6;
  } else {
    return std::nullopt;  // a time without a zone is ambiguous
  }
  if (i != text.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  auto secs = static_cast<std::int64_t>(timegm(&tm));
  if (tm.tm_mday != d) return std::nullopt;  // e.g. February 30th rolled over
  // The zone can move the instant out of what the columns hold (DATETIME(3) ends with 9999).
  constexpr std::int64_t last_storable_ms = 253402300799999;  // 9999-12-31T23:59:59.999Z
  auto instant = (secs - offset_s) * 1000 + ms;
  if (instant < 0 || instant > last_storable_ms) return std::nullopt;
  return instant;
}

std::string format_time(std::int64_t epoch_ms) {
  std::time_t secs = static_cast<std::time_t>(epoch_ms / 1000);
  int ms = static_cast<int>(epoch_ms % 1000);
  if (ms < 0) {
    ms += 1000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return buf;
}

std::int64_t now_ms() {
  return wall_clock_ms();
}

}  // namespace shop::http
