#include "persistence/id_query.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using shop::persistence::with_ids;

TEST_CASE("a query's ids are written in where its question marks stand, in order",
          "[persistence]") {
  CHECK(with_ids("SELECT a FROM t WHERE id = ?", {42}) == "SELECT a FROM t WHERE id = 42");
  CHECK(with_ids("SELECT ? + ?", {-7, 9223372036854775807}) == "SELECT -7 + 9223372036854775807");
  CHECK(with_ids("SELECT 1", {}) == "SELECT 1");
}

TEST_CASE("a query with more or fewer ids than question marks is refused", "[persistence]") {
  CHECK_THROWS_AS(with_ids("SELECT ? + ?", {1}), std::logic_error);
  CHECK_THROWS_AS(with_ids("SELECT ?", {1, 2}), std::logic_error);
}
