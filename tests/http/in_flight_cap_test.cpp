#include "http/in_flight_cap.hpp"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

using shop::http::in_flight_cap;

TEST_CASE("in_flight_cap takes places up to its max and gives them back", "[http][limits]") {
  in_flight_cap cap{2};
  CHECK(cap.max() == 2);
  CHECK(cap.current() == 0);
  CHECK(cap.try_enter());
  CHECK(cap.try_enter());
  CHECK(cap.current() == 2);
  CHECK_FALSE(cap.try_enter());  // full: refused, and the refusal takes nothing
  CHECK(cap.current() == 2);
  cap.leave();
  CHECK(cap.current() == 1);
  CHECK(cap.try_enter());  // a freed place is taken again
  CHECK_FALSE(cap.try_enter());
  cap.leave();
  cap.leave();
  CHECK(cap.current() == 0);
}

TEST_CASE("in_flight_cap with max 0 takes nothing", "[http][limits]") {
  in_flight_cap cap{0};
  CHECK_FALSE(cap.try_enter());
  CHECK(cap.current() == 0);
}

TEST_CASE("in_flight_cap never lets threads racing for places past its max", "[http][limits]") {
  constexpr std::size_t max = 3;
  in_flight_cap cap{max};
  std::atomic<std::size_t> inside{0};
  std::atomic<std::size_t> most_inside{0};
  std::atomic<std::size_t> taken{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        if (!cap.try_enter()) continue;
        const auto now = inside.fetch_add(1) + 1;
        auto seen = most_inside.load();
        while (now > seen && !most_inside.compare_exchange_weak(seen, now)) {
        }
        ++taken;
        inside.fetch_sub(1);
        cap.leave();
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(taken > 0);
  CHECK(most_inside <= max);
  CHECK(cap.current() == 0);
}
