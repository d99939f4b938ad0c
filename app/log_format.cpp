#include "app/log_format.hpp"

#include <spdlog/pattern_formatter.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace shop::app {
namespace {

// %* in the JSON pattern: the message as the inside of a JSON string.
class json_message_flag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string quoted = nlohmann::json(std::string{msg.payload.data(), msg.payload.size()})
                                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(quoted.data() + 1, quoted.data() + quoted.size() - 1);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<json_message_flag>();
  }
};

}  // namespace

void apply_log_format(spdlog::logger& logger, config::log_format format) {
  if (format == config::log_format::text) return;  // spdlog's default pattern
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  formatter->add_flag<json_message_flag>('*').set_pattern(
      R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","thread":%t,"message":"%*"})");
  logger.set_formatter(std::move(formatter));
}

}  // namespace shop::app
