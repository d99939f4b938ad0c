#include "actors/rules/wallet.hpp"

#include <catch2/catch.hpp>

using namespace shop::rules;
using shop::shop_error;

TEST_CASE("charge takes 1..1,000,000,000 won", "[rules][wallet]") {
  CHECK(*charge(0, 1) == 1);
  CHECK(*charge(100, max_charge) == 100 + max_charge);
  for (std::int64_t bad : {std::int64_t{0}, std::int64_t{-1}, max_charge + 1}) {
    auto r = charge(100, bad);
    REQUIRE_FALSE(r);
    CHECK(r.error() == shop_error::invalid_amount);
  }
}

TEST_CASE("charge never takes a balance past 10,000,000,000 won", "[rules][wallet]") {
  CHECK(*charge(max_balance - 5, 5) == max_balance);
  auto over = charge(max_balance - 5, 6);
  REQUIRE_FALSE(over);
  CHECK(over.error() == shop_error::balance_limit_exceeded);
  CHECK(charge(max_balance, 1).error() == shop_error::balance_limit_exceeded);
}

TEST_CASE("debit takes at most the balance", "[rules][wallet]") {
  CHECK(*debit(100, 100) == 0);
  CHECK(*debit(100, 1) == 99);
  CHECK(debit(100, 101).error() == shop_error::insufficient_balance);
  CHECK(debit(100, 0).error() == shop_error::invalid_amount);
  CHECK(debit(100, -5).error() == shop_error::invalid_amount);
}

TEST_CASE("credit gives back a payment, even at the balance limit", "[rules][wallet]") {
  CHECK(*credit(max_balance, 10) == max_balance + 10);
  CHECK(credit(0, 0).error() == shop_error::invalid_amount);
}

TEST_CASE("a new user's starting balance is 0..10,000,000,000", "[rules][wallet]") {
  CHECK(valid_initial_balance(0));
  CHECK(valid_initial_balance(max_balance));
  CHECK_FALSE(valid_initial_balance(-1));
  CHECK_FALSE(valid_initial_balance(max_balance + 1));
}
