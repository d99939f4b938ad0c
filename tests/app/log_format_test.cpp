// SHOP_LOG_FORMAT=json: every line a logger writes is one JSON object a log shipper can parse,
// whatever the message holds.
#include "app/log_format.hpp"

#include <spdlog/sinks/ostream_sink.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("json log lines are JSON objects with time, level, thread and the message", "[log]") {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger{"test", sink};
  shop::app::apply_log_format(logger, shop::config::log_format::json);

  logger.info("GET {} 200 12us rid={}", "/api/products/{productId}", "abc-1");
  logger.warn("quote \" backslash \\ newline \n tab \t bad utf-8 \xff end");
  logger.flush();

  auto lines = lines_of(out.str());
  REQUIRE(lines.size() == 2);
  auto first = nlohmann::json::parse(lines[0]);
  CHECK(first["level"] == "info");
  CHECK(first["message"] == "GET /api/products/{productId} 200 12us rid=abc-1");
  CHECK(first["thread"].is_number_integer());
  const auto time = first["time"].get<std::string>();
  CHECK(time.size() == 24);  // 2026-12-06T10:15:30.123Z
  CHECK(time.back() == 'Z');
  auto second = nlohmann::json::parse(lines[1]);
  CHECK(second["level"] == "warning");
  CHECK(second["message"] == "quote \" backslash \\ newline \n tab \t bad utf-8 \xef\xbf\xbd end");
}

TEST_CASE("text log lines stay spdlog's plain format", "[log]") {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger{"test", sink};
  shop::app::apply_log_format(logger, shop::config::log_format::text);
  logger.info("hello");
  logger.flush();
  CHECK(out.str().find("[info] hello") != std::string::npos);
  CHECK(out.str().front() == '[');
}
