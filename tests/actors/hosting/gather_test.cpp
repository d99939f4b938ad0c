#include "actors/hosting/gather.hpp"

#include <catch2/catch.hpp>

namespace shop {

TEST_CASE("a gather acts once, after the last answer", "[actors][gather]") {
  int calls = 0;
  int seen = 0;
  auto g = gather<int>::start(3, 0, [&](int& sum) {
    ++calls;
    seen = sum;
  });
  for (int x : {1, 2, 3}) {
    CHECK(calls == 0);
    g->value += x;
    g->arrived();
  }
  CHECK(calls == 1);
  CHECK(seen == 6);
}

TEST_CASE("a gather expecting no answer acts at once", "[actors][gather]") {
  int calls = 0;
  auto g = gather<int>::start(0, 5, [&](int& v) { calls += v; });
  CHECK(calls == 5);
}

}  // namespace shop
