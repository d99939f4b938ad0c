#include "http/paging.hpp"

#include <catch2/catch.hpp>

using shop::http::parse_paging;

TEST_CASE("paging defaults to page 0, size 20", "[paging]") {
  auto p = parse_paging(std::nullopt, std::nullopt);
  REQUIRE(p);
  CHECK(p->page == 0);
  CHECK(p->size == 20);
}

TEST_CASE("paging accepts size 1..100 and page >= 0", "[paging]") {
  CHECK(parse_paging(std::string{"3"}, std::string{"100"}));
  CHECK(parse_paging(std::string{"0"}, std::string{"1"}));
  CHECK_FALSE(parse_paging(std::string{"-1"}, std::nullopt));
  CHECK_FALSE(parse_paging(std::nullopt, std::string{"0"}));
  CHECK_FALSE(parse_paging(std::nullopt, std::string{"101"}));
  CHECK_FALSE(parse_paging(std::string{"abc"}, std::nullopt));
  CHECK_FALSE(parse_paging(std::string{""}, std::nullopt));
  CHECK_FALSE(parse_paging(std::string{"1.5"}, std::nullopt));
}
