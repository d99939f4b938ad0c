// What operators see, through the service.
#include "service/operations.hpp"

#include <catch2/catch.hpp>

#include "actors/shop_error.hpp"
#include "tests/support/service_fixture.hpp"

using namespace shop;

TEST_CASE("gauges, live actors and one actor's report", "[service][operations]") {
  test::service_fixture f;
  auto kim = f.new_user(0);
  auto g =
      f.call<operator_gauges>([&](auto done) { service::operator_gauges_now(f.shop(), done); });
  REQUIRE(g);
  CHECK(g->database_up);
  CHECK(g->journal_capacity > 0);

  auto live = f.call<std::vector<entity_report>>(
      [&](auto done) { service::live_actors(f.shop(), entity_kind::user, 10, done); });
  REQUIRE(live);
  REQUIRE(live->size() == 1);
  CHECK(live->front().key == key_of(entity_kind::user, kim.id));

  auto one = f.call<entity_report>([&](auto done) {
    service::inspect_actor(f.shop(), key_of(entity_kind::user, kim.id), false, done);
  });
  REQUIRE(one);
  CHECK(one->answered);
  auto not_live = f.call<entity_report>([&](auto done) {
    service::inspect_actor(f.shop(), key_of(entity_kind::coupon, 1), false, done);
  });
  REQUIRE_FALSE(not_live);
  CHECK(not_live.error() == make_error(shop_error::actor_not_live));
}
