// The service's own way to the actors: ids from the allocator.
#include "service/shop_service.hpp"

#include <catch2/catch.hpp>

#include "tests/support/service_fixture.hpp"

using namespace shop;
using model::table_id;

TEST_CASE("new ids come in consecutive blocks that never overlap", "[service]") {
  test::service_fixture f;
  auto ids = [&](std::int64_t n) {
    auto first = f.call<std::int64_t>(
        [&](auto done) { f.shop().next_ids(table_id::product_options, n, done); });
    REQUIRE(first);
    return *first;
  };
  auto a = ids(3);
  auto b = ids(1);
  auto c = ids(2);
  CHECK(a >= 1);
  CHECK(b == a + 3);
  CHECK(c == b + 1);
}
