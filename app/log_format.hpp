// How shop-server's log lines look: spdlog's plain text, or one JSON object per line
// (SHOP_LOG_FORMAT=json) for log shippers that parse lines rather than grep them.
#pragma once

#include <spdlog/logger.h>

#include "config/settings.hpp"

namespace shop::app {

// Sets `logger`'s formatter for `format`. JSON lines carry "time" (UTC, RFC 3339 with
// milliseconds), "level", "thread" and "message" (escaped; invalid UTF-8 replaced by U+FFFD).
void apply_log_format(spdlog::logger& logger, config::log_format format);

}  // namespace shop::app
