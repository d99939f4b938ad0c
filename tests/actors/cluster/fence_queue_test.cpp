// Who a fence answers: only askers that came before it began.
#include "actors/cluster/fence_queue.hpp"

#include <catch2/catch.hpp>
#include <string>

using shop::cluster::fence_queue;
using names = std::vector<std::string>;

TEST_CASE("askers that come before a fence begins share it", "[cluster][fence]") {
  fence_queue<std::string> q;
  CHECK_FALSE(q.begin());  // nobody waits: no fence
  q.ask("forward");
  q.ask("option");
  auto n = q.begin();
  REQUIRE(n);
  CHECK_FALSE(q.begin());  // one at a time
  CHECK(q.done(*n) == names{"forward", "option"});
  CHECK_FALSE(q.waiting());
}

TEST_CASE("an ask while a fence runs waits for the next fence", "[cluster][fence]") {
  fence_queue<std::string> q;
  q.ask("first");
  auto one = q.begin();
  REQUIRE(one);
  q.ask("late");  // the running fence may predate what this asker saw go silent
  CHECK(q.done(*one) == names{"first"});
  REQUIRE(q.waiting());
  auto two = q.begin();
  REQUIRE(two);
  CHECK(*two > *one);
  CHECK(q.done(*two) == names{"late"});
}

TEST_CASE("a fence that fails answers nobody, and the next one answers all", "[cluster][fence]") {
  fence_queue<std::string> q;
  q.ask("a");
  REQUIRE(q.begin());
  q.failed();
  q.ask("b");
  auto n = q.begin();
  REQUIRE(n);
  CHECK(q.done(*n) == names{"a", "b"});
}
