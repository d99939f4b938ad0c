// Reading request bodies: strict JSON objects and typed fields with ranges. The first problem is
// remembered so the handler answers one clear 400.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http/request_call.hpp"

namespace shop::http {

// The body as a JSON object; otherwise answers 400 INVALID_JSON and returns nullopt.
std::optional<nlohmann::json> json_object_body(const call_ptr& c);

class field_reader {
 public:
  explicit field_reader(const nlohmann::json& obj) : obj_(obj) {}

  std::optional<std::int64_t> integer(const char* name, std::int64_t min, std::int64_t max,
                                      bool required = true);
  std::optional<std::string> text(const char* name, std::size_t max_len, bool required = true);
  std::optional<bool> boolean(const char* name, bool required = true);
  // An RFC 3339 time with a zone (Z or +hh:mm), as epoch milliseconds.
  std::optional<std::int64_t> time(const char* name, bool required = true);
  bool has(const char* name) const { return obj_.contains(name) && !obj_[name].is_null(); }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void problem(std::string msg) {
    if (error_.empty()) error_ = std::move(msg);
  }

 private:
  const nlohmann::json& obj_;
  std::string error_;
};

// RFC 3339 with seconds and a zone, optional fraction: 2026-11-23T10:15:30.123Z, ...+09:00.
std::optional<std::int64_t> parse_time(std::string_view s);

// RFC 3339 UTC with milliseconds, e.g. 2026-11-23T10:15:30.123Z.
std::string format_time(std::int64_t epoch_ms);
std::int64_t now_ms();

}  // namespace shop::http
