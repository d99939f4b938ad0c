#include "actors/entities/key_stamps.hpp"

#include <catch2/catch.hpp>

#include "actors/entities/idempotency_ledger.hpp"

using namespace shop;

namespace {
constexpr std::int64_t hour = key_stamps::bucket_ms;
}

TEST_CASE("a stamped hash is found in its open hour and once the hour closed", "[idempotency]") {
  key_stamps s;
  s.add(11, 0);
  s.add(7, hour / 2);
  CHECK(s.contains(11));
  CHECK(s.contains(7));
  CHECK_FALSE(s.contains(8));
  s.add(3, hour);  // closes the first hour
  s.add(5, 3 * hour);
  CHECK(s.contains(11));
  CHECK(s.contains(7));
  CHECK(s.contains(3));
  CHECK(s.contains(5));
  CHECK_FALSE(s.contains(4));
  CHECK(s.size() == 4);
}

TEST_CASE("stamps leave an hour at a time, once the hour's newest is 24 hours old",
          "[idempotency]") {
  key_stamps s;
  s.add(1, 0);
  s.add(2, hour / 2);
  s.add(3, hour);
  CHECK(s.forget_expired(hour / 2 + idempotency_window_ms - 1) == 0);
  CHECK(s.contains(1));
  CHECK(s.forget_expired(hour / 2 + idempotency_window_ms) == 2);
  CHECK_FALSE(s.contains(1));
  CHECK_FALSE(s.contains(2));
  CHECK(s.contains(3));
  CHECK(s.forget_expired(hour + idempotency_window_ms) == 1);
  CHECK(s.size() == 0);
}

TEST_CASE("a late stamp keeps its hour until its own 24 hours are over", "[idempotency]") {
  key_stamps s;
  s.add(1, 10 * hour);
  s.add(2, 2 * hour);  // older than the open hour's start: it joins the open hour
  CHECK(s.forget_expired(2 * hour + idempotency_window_ms) == 0);
  CHECK(s.contains(2));
  CHECK(s.forget_expired(10 * hour + idempotency_window_ms) == 2);
}
