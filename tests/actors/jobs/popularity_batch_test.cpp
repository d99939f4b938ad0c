// The popularity batch actor against the real database: the daily timer's message runs a
// snapshot as of its own time (not before it), and the newest snapshot is served from memory.
#include "actors/jobs/popularity_batch.hpp"

#include <catch2/catch.hpp>
#include <thread>

#include "actors/hosting/clock.hpp"
#include "model/popularity_rows.hpp"
#include "tests/support/runtime_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace shop;
using model::popularity_snapshot;

namespace {

popularity_snapshot top(test::runtime_fixture& f) {
  caf::scoped_actor self{f.sys};
  popularity_snapshot out;
  self->request(f.rt->popularity, std::chrono::seconds(10), popular_top_atom::value)
      .receive([&](popularity_snapshot& s) { out = std::move(s); },
               [](caf::error& e) { FAIL("top: " << caf::to_string(e)); });
  return out;
}

// Polls the newest snapshot until its batch time is `as_of` (up to 5 s).
bool wait_for_snapshot(test::runtime_fixture& f, std::int64_t as_of) {
  for (int i = 0; i < 250; ++i) {
    if (top(f).header.as_of_ms == as_of) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("the batch timer's message writes a snapshot as of its time", "[actors][popularity]") {
  test::runtime_fixture f;
  CHECK(top(f).header.id == 0);  // none yet
  const auto at = wall_clock_ms() - 1000;
  caf::anon_send(f.rt->popularity, popularity_tick_atom::value, at);
  REQUIRE(wait_for_snapshot(f, at));
  auto s = top(f);
  CHECK(s.header.id > 0);
  CHECK(s.items.empty());  // nothing sold: an empty snapshot, which is still a snapshot
  CHECK(test::query_int("SELECT COUNT(*) FROM popularity_snapshots WHERE product_count = 0") == 1);
}

TEST_CASE("a timer message that arrives early waits for its time", "[actors][popularity]") {
  test::runtime_fixture f;
  const auto at = wall_clock_ms() + 400;
  caf::anon_send(f.rt->popularity, popularity_tick_atom::value, at);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(top(f).header.id == 0);  // not yet
  REQUIRE(wait_for_snapshot(f, at));
  CHECK(wall_clock_ms() >= at);
}
