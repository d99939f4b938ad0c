#include "persistence/migrations.hpp"

#include <catch2/catch.hpp>

using namespace shop::persistence;

TEST_CASE("migrations are numbered from 1 without gaps", "[migrations]") {
  const auto& all = all_migrations();
  REQUIRE_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].version == static_cast<int>(i + 1));
}

TEST_CASE("split_statements drops comments and splits on semicolons at line end", "[migrations]") {
  auto parts = split_statements("-- c\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n y INT\n);\n");
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].find("CREATE TABLE a") == 0);
  CHECK(parts[1].find("y INT") != std::string::npos);
  CHECK(parts[1].find(';') == std::string::npos);
}

TEST_CASE("the initial migration creates the tables the stories name", "[migrations]") {
  const auto& sql = all_migrations().front().sql;
  for (auto t :
       {"products", "product_options", "users", "cart_items", "orders", "order_items", "coupons",
        "user_coupons", "product_popularity_snapshot", "transaction_out_failure_log"})
    CHECK(sql.find(std::string{"CREATE TABLE "} + t + " (") != std::string::npos);
}
