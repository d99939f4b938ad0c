// Popularity rules (US-003): when the daily batch runs, and how sold products are ranked. Pure
// functions: no actors, no SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "model/popularity_rows.hpp"

namespace shop::rules {

constexpr std::int64_t day_ms = 24LL * 60 * 60 * 1000;
// A snapshot counts orders paid in the 3 days before its batch time.
constexpr std::int64_t popularity_window_ms = 3 * day_ms;
constexpr std::size_t popularity_top = 5;

// "HH:MM" (UTC, 00:00..23:59) as minutes after midnight; nullopt for anything else.
std::optional<int> parse_batch_time(std::string_view hhmm);

// The first instant strictly after `now_ms` whose UTC time of day is `minute_of_day`.
std::int64_t next_batch_run(std::int64_t now_ms, int minute_of_day);

// The top `n` of `sales` by units sold; ties go to the more recent last sale, then to the lower
// product id (so the order is always the same). Products that sold nothing are left out.
std::vector<model::product_sales> rank_popular(std::vector<model::product_sales> sales,
                                               std::size_t n = popularity_top);

}  // namespace shop::rules
