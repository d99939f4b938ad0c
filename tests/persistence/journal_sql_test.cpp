#include "persistence/journal_sql.hpp"

#include <catch2/catch.hpp>

#include "persistence/sql_time.hpp"

using namespace shop::persistence;

TEST_CASE("coalesce keeps the newest image per row, in first-seen order", "[journal]") {
  journal_unit a{
      {to_image(option_row{1, 1, "S", 0, 10, 0, 1}), to_image(option_row{2, 1, "M", 0, 5, 0, 1})}};
  journal_unit b{{to_image(option_row{1, 1, "S", 0, 7, 3, 3})}};
  journal_unit c{{to_image(option_row{1, 1, "S", 0, 9, 1, 2})}};  // older than b
  auto rows = coalesce({&a, &b, &c});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == 1);
  CHECK(rows[0].version == 3);
  CHECK(rows[0].values[3].number == 7);
  CHECK(rows[1].id == 2);
}

TEST_CASE("same id in different tables are different rows", "[journal]") {
  journal_unit u{{to_image(option_row{1, 1, "S", 0, 10, 0, 1}),
                  to_image(product_row{1, "p", "", "c", 1, true, 0, 1})}};
  CHECK(coalesce({&u}).size() == 2);
}

TEST_CASE("upsert SQL guards every column with the version", "[journal]") {
  auto sql = upsert_sql(schema_of(table_id::product_options), 2);
  CHECK(sql.find("INSERT INTO product_options (id, product_id, name, additional_price, stock, "
                 "reserved_stock, received, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?), "
                 "(?, ?, ?, ?, ?, ?, ?, ?)") ==
        0);
  CHECK(sql.find("stock = IF(VALUES(version) > version, VALUES(stock), stock)") !=
        std::string::npos);
  // The version moves last, after every column compared against the old one.
  std::string last = "version = GREATEST(version, VALUES(version))";
  CHECK(sql.substr(sql.size() - last.size()) == last);
  auto times = upsert_sql(schema_of(table_id::products), 1);
  CHECK(times.find(time_param) != std::string::npos);
}
