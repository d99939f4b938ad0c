// Readiness through the service.
#include "service/health.hpp"

#include <catch2/catch.hpp>

#include "tests/support/service_fixture.hpp"

using namespace shop;

TEST_CASE("the database answers: ready", "[service][health]") {
  test::service_fixture f;
  CHECK(f.call<caf::ok_atom>([&](auto done) { service::database_ready(f.shop(), done); }));
}
