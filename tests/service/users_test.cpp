// Users and wallets through the service, without HTTP.
#include "service/users.hpp"

#include <catch2/catch.hpp>

#include "actors/shop_error.hpp"
#include "tests/support/service_fixture.hpp"

using namespace shop;
using model::user_row;

TEST_CASE("a created user gets a new id and the initial balance, committed", "[service][users]") {
  test::service_fixture f;
  auto kim = f.new_user(5000);
  auto lee = f.new_user(0);
  CHECK(kim.id >= 1);
  CHECK(lee.id != kim.id);
  CHECK(kim.name == "kim");
  CHECK(kim.balance == 5000);
  CHECK(test::query_int("SELECT balance FROM users WHERE id = " + std::to_string(kim.id)) == 5000);
  auto seen = f.call<user_row>([&](auto done) { service::user_detail(f.shop(), kim.id, done); });
  REQUIRE(seen);
  CHECK(seen->balance == 5000);
}

TEST_CASE("an unknown user is USER_NOT_FOUND", "[service][users]") {
  test::service_fixture f;
  auto seen = f.call<user_row>([&](auto done) { service::user_detail(f.shop(), 404, done); });
  REQUIRE_FALSE(seen);
  CHECK(seen.error() == make_error(shop_error::user_not_found));
}

TEST_CASE("a keyed charge acts once and its repeat answers the same balance", "[service][users]") {
  test::service_fixture f;
  auto kim = f.new_user(1000);
  auto charge = [&](std::int64_t amount, std::string key) {
    return f.call<user_row>(
        [&](auto done) { service::charge(f.shop(), kim.id, amount, key, done); });
  };
  auto first = charge(500, "charge-1");
  REQUIRE(first);
  CHECK(first->balance == 1500);
  auto repeat = charge(500, "charge-1");
  REQUIRE(repeat);
  CHECK(repeat->balance == 1500);
  auto unkeyed = charge(500, "");
  REQUIRE(unkeyed);
  CHECK(unkeyed->balance == 2000);
  auto reused = charge(700, "charge-1");
  REQUIRE_FALSE(reused);
  CHECK(reused.error() == make_error(shop_error::idempotency_key_reused));
}
