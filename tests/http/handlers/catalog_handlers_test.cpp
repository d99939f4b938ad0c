#include "http/handlers/catalog_handlers.hpp"

#include <catch2/catch.hpp>

using namespace shop;
using namespace shop::http;

TEST_CASE("sort names of API.md", "[catalog]") {
  using model::product_sort;
  CHECK(parse_sort(std::nullopt) == product_sort::newest);
  CHECK(parse_sort(std::string{"newest"}) == product_sort::newest);
  CHECK(parse_sort(std::string{"price_asc"}) == product_sort::price_asc);
  CHECK(parse_sort(std::string{"price_desc"}) == product_sort::price_desc);
  CHECK(parse_sort(std::string{"popular"}) == product_sort::popular);
  CHECK_FALSE(parse_sort(std::string{"cheapest"}));
  CHECK_FALSE(parse_sort(std::string{""}));
}

TEST_CASE("product detail JSON has live stock and option prices", "[catalog]") {
  product_view v;
  v.product = {1, "Linen shirt", "soft", "apparel", 39000, true, 0, 1};
  v.options = {{11, 1, "M", 0, 10, 2, 1}, {12, 1, "L", 1000, 5, 0, 1}};
  auto j = product_json(v);
  CHECK(j["productId"] == 1);
  CHECK(j["available"] == true);
  CHECK(j["stock"] == 15);
  REQUIRE(j["options"].size() == 2);
  CHECK(j["options"][0]["optionId"] == 11);
  CHECK(j["options"][0]["stock"] == 10);
  CHECK(j["options"][1]["price"] == 40000);
  CHECK(j["options"][1]["additionalPrice"] == 1000);
}
