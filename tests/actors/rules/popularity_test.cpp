#include "actors/rules/popularity.hpp"

#include <catch2/catch.hpp>

using namespace shop::rules;
using shop::model::product_sales;

namespace {

constexpr std::int64_t minute = 60 * 1000;
constexpr std::int64_t hour = 60 * minute;
// 2026-11-23T00:00:00Z
constexpr std::int64_t nov23 = 1795392000000;

product_sales sold(std::int64_t id, std::int64_t qty, std::int64_t last) {
  return {id, "p" + std::to_string(id), 1000, "c", qty, last};
}

std::vector<std::int64_t> ids(const std::vector<product_sales>& v) {
  std::vector<std::int64_t> out;
  for (const auto& s : v) out.push_back(s.product_id);
  return out;
}

}  // namespace

TEST_CASE("the batch time is HH:MM in UTC", "[rules][popularity]") {
  CHECK(parse_batch_time("00:00") == 0);
  CHECK(parse_batch_time("23:59") == 23 * 60 + 59);
  CHECK(parse_batch_time("09:30") == 570);
  CHECK_FALSE(parse_batch_time("24:00"));
  CHECK_FALSE(parse_batch_time("12:60"));
  CHECK_FALSE(parse_batch_time("9:30"));
  CHECK_FALSE(parse_batch_time("09-30"));
  CHECK_FALSE(parse_batch_time(" 9:30"));
  CHECK_FALSE(parse_batch_time(""));
}

TEST_CASE("the next run is later the same day, or tomorrow once the time has passed",
          "[rules][popularity]") {
  // 10:00 today, batch at 23:30: tonight.
  CHECK(next_batch_run(nov23 + 10 * hour, 23 * 60 + 30) == nov23 + 23 * hour + 30 * minute);
  // 23:45, batch at 00:00: across the day boundary, the next midnight.
  CHECK(next_batch_run(nov23 + 23 * hour + 45 * minute, 0) == nov23 + 24 * hour);
  // 23:59:59.999, batch at 00:00: one millisecond later, the next day.
  CHECK(next_batch_run(nov23 + 24 * hour - 1, 0) == nov23 + 24 * hour);
  // 10:00, batch at 09:00: tomorrow morning.
  CHECK(next_batch_run(nov23 + 10 * hour, 9 * 60) == nov23 + 24 * hour + 9 * hour);
}

TEST_CASE("a run that fires exactly at its time schedules the next one a day later",
          "[rules][popularity]") {
  CHECK(next_batch_run(nov23, 0) == nov23 + 24 * hour);
  CHECK(next_batch_run(nov23 + 6 * hour, 6 * 60) == nov23 + 30 * hour);
  // One millisecond before: still today.
  CHECK(next_batch_run(nov23 + 6 * hour - 1, 6 * 60) == nov23 + 6 * hour);
}

TEST_CASE("products rank by units sold, then the more recent last sale, then the lower id",
          "[rules][popularity]") {
  auto r = rank_popular({sold(1, 3, 100), sold(2, 5, 50), sold(3, 3, 200), sold(4, 3, 200)});
  CHECK(ids(r) == std::vector<std::int64_t>{2, 3, 4, 1});
}

TEST_CASE("at most five products are ranked", "[rules][popularity]") {
  std::vector<product_sales> s;
  for (std::int64_t i = 1; i <= 8; ++i) s.push_back(sold(i, i, 1000 - i));
  auto r = rank_popular(s);
  CHECK(ids(r) == std::vector<std::int64_t>{8, 7, 6, 5, 4});
  // The cap falls inside a tie: the older last sale drops out.
  auto t = rank_popular(
      {sold(1, 9, 0), sold(2, 8, 0), sold(3, 7, 0), sold(4, 6, 0), sold(5, 1, 10), sold(6, 1, 20)});
  CHECK(ids(t) == std::vector<std::int64_t>{1, 2, 3, 4, 6});
}

TEST_CASE("fewer than five sold: only those, none: an empty list", "[rules][popularity]") {
  CHECK(ids(rank_popular({sold(7, 2, 5), sold(9, 4, 1)})) == std::vector<std::int64_t>{9, 7});
  CHECK(rank_popular({}).empty());
  CHECK(rank_popular({sold(1, 0, 5)}).empty());
}
