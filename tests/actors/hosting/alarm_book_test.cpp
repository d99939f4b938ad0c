#include "actors/hosting/alarm_book.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace shop;
using namespace std::chrono_literals;
using tp = alarm_book::clock::time_point;

namespace {

const auto order7 = key_of(entity_kind::order, 7);
const auto order8 = key_of(entity_kind::order, 8);
const auto user7 = key_of(entity_kind::user, 7);

tp at(std::chrono::milliseconds ms) {
  return tp{ms};
}

}  // namespace

TEST_CASE("an alarm rings at the end of its tick, never before it is due", "[actors][alarms]") {
  alarm_book book{100ms};
  book.set(order7, at(1'250ms));
  CHECK(book.take_due(at(1'249ms)).empty());
  CHECK(book.take_due(at(1'299ms)).empty());  // due, but its tick (1,200..1,300) has not ended
  CHECK(book.take_due(at(1'300ms)) == std::vector<entity_key>{order7});
  CHECK(book.empty());
  CHECK(book.take_due(at(5'000ms)).empty());  // rings once
}

TEST_CASE("setting an entity's alarm again replaces the earlier one", "[actors][alarms]") {
  alarm_book book{100ms};
  book.set(order7, at(1'000ms));
  book.set(order7, at(3'000ms));  // later: the first no longer rings
  CHECK(book.size() == 1);
  CHECK(book.take_due(at(2'000ms)).empty());
  book.set(order7, at(2'500ms));  // earlier again
  CHECK(book.take_due(at(2'500ms)) == std::vector<entity_key>{order7});
  CHECK(book.take_due(at(3'000ms)).empty());
}

TEST_CASE("one reading rings every alarm due by then, once each", "[actors][alarms]") {
  alarm_book book{100ms};
  book.set(order7, at(1'000ms));
  book.set(user7, at(1'000ms));  // same id, other kind: another entity
  book.set(order8, at(4'000ms));
  book.set(order7, at(1'000ms));  // the same alarm again: still one
  auto due = book.take_due(at(2'000ms));
  CHECK(due.size() == 2);
  CHECK(std::count(due.begin(), due.end(), order7) == 1);
  CHECK(std::count(due.begin(), due.end(), user7) == 1);
  CHECK(book.size() == 1);
  CHECK(book.take_due(at(4'000ms)) == std::vector<entity_key>{order8});
}

TEST_CASE("an erased alarm does not ring", "[actors][alarms]") {
  alarm_book book{100ms};
  book.set(order7, at(1'000ms));
  book.erase(order7);
  CHECK(book.empty());
  CHECK(book.take_due(at(2'000ms)).empty());
}
