#include "http/json_input.hpp"

#include <chrono>
#include <ctime>

namespace shop::http {

std::optional<nlohmann::json> json_object_body(const call_ptr& c) {
  auto j = nlohmann::json::parse(c->req().body(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    c->fail(boost::beast::http::status::bad_request, "INVALID_JSON",
            "the body must be a JSON object");
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
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace shop::http
