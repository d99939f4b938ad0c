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

namespace {
// Stands in for the connection's escaping: marks what went through it.
std::string marked(const std::string& s) {
  return "<" + s + ">";
}
}  // namespace

TEST_CASE("upsert SQL inlines the values and guards every column with the version", "[journal]") {
  auto a = to_image(option_row{1, 7, "S", 0, 10, 2, 3, 12});
  auto b = to_image(option_row{2, 7, "M", 500, 5, 0, 1, 5});
  auto sql = upsert_sql(schema_of(table_id::product_options), {&a, &b}, marked);
  CHECK(sql.find("INSERT INTO product_options (id, product_id, name, additional_price, stock, "
                 "reserved_stock, received, version) VALUES (1, 7, '<S>', 0, 10, 2, 12, 3), "
                 "(2, 7, '<M>', 500, 5, 0, 5, 1) ON DUPLICATE KEY UPDATE") == 0);
  CHECK(sql.find("stock = IF(VALUES(version) > version, VALUES(stock), stock)") !=
        std::string::npos);
  // The version moves last, after every column compared against the old one.
  std::string last = "version = GREATEST(version, VALUES(version))";
  CHECK(sql.substr(sql.size() - last.size()) == last);
}

TEST_CASE("times are written as DATETIME arithmetic, NULLs as NULL", "[journal]") {
  row_image r{table_id::order_outbox, 9, 1, false, {column_value::time(1234)}};
  CHECK(upsert_sql(schema_of(table_id::order_outbox), {&r}, marked)
            .find("VALUES (9, " + time_literal(1234) + ", 1)") != std::string::npos);
  r.values[0] = column_value::none();
  CHECK(upsert_sql(schema_of(table_id::order_outbox), {&r}, marked).find("VALUES (9, NULL, 1)") !=
        std::string::npos);
}

TEST_CASE("a batch is one script: deletes and upserts per table, chunked, then COMMIT",
          "[journal]") {
  std::vector<row_image> rows;
  for (int i = 1; i <= 5; ++i) rows.push_back(to_image(option_row{i, 7, "S", 0, 1, 0, 1, 1}));
  row_image gone{table_id::cart_items, 4, 9, true, {}};
  rows.push_back(gone);
  auto scripts = batch_sql(rows, marked, 2, 1 << 20);
  REQUIRE(scripts.size() == 1);
  const auto& script = scripts.front();
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto at = script.find(what); at != std::string::npos; at = script.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count("INSERT INTO product_options") == 3);  // 5 rows, 2 per statement
  CHECK(count("DELETE FROM cart_items WHERE id = 4 AND version < 9;") == 1);
  CHECK(script.substr(script.size() - 8) == ";\nCOMMIT");
  CHECK(batch_sql({}, marked, 2, 1 << 20).empty());
}

TEST_CASE("a large batch is split between statements, only the last script commits", "[journal]") {
  std::vector<row_image> rows;
  for (int i = 1; i <= 5; ++i) rows.push_back(to_image(option_row{i, 7, "S", 0, 1, 0, 1, 1}));
  auto scripts = batch_sql(rows, marked, 1, 10);  // every statement is over 10 bytes
  REQUIRE(scripts.size() == 5);
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    CHECK(scripts[i].find("INSERT INTO product_options") == 0);
    CHECK((scripts[i].find("COMMIT") != std::string::npos) == (i + 1 == scripts.size()));
  }
}

TEST_CASE("a batch keeps one sale per option and order, the last seen", "[journal][sales]") {
  journal_unit a{{}, {{11, 100, 1, 3}, {21, 100, 2, 1}}};
  journal_unit b{{}, {{21, 101, 2, 3}}};
  journal_unit again{{}, {{11, 100, 1, 4}}};  // order 100's line again, as written last
  auto sales = coalesce_sales({&a, &b, &again});
  REQUIRE(sales.size() == 3);
  CHECK((sales[0].option_id == 11 && sales[0].order_id == 100 && sales[0].quantity == 4));
  CHECK((sales[1].option_id == 21 && sales[1].order_id == 100 && sales[1].quantity == 1));
  CHECK((sales[2].option_id == 21 && sales[2].order_id == 101 && sales[2].quantity == 3));
  CHECK(coalesce_sales({}).empty());
}

TEST_CASE("sales replace their orders' rows unless the order is PAID already, and run first",
          "[journal][sales]") {
  const std::vector<sale> sold{{11, 100, 1, 5}, {21, 101, 2, 4}};
  auto sql = sales_sql(sold);
  CHECK(sql ==
        "INSERT INTO option_sales (option_id, order_id, product_id, sold) SELECT s.* FROM (SELECT"
        " 11 AS option_id, 100 AS order_id, 1 AS product_id, 5 AS sold UNION ALL SELECT 21, 101,"
        " 2, 4) s WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = s.order_id AND o.status ="
        " 'PAID') ON DUPLICATE KEY UPDATE sold = VALUES(sold)");
  CHECK(sales_sql({}).empty());

  std::vector<row_image> rows{to_image(option_row{1, 7, "S", 0, 1, 0, 1, 1})};
  auto scripts = batch_sql(rows, marked, 256, 1 << 20, sold);
  REQUIRE(scripts.size() == 1);
  CHECK(scripts[0].rfind(sql + ";\n", 0) == 0);
  CHECK(scripts[0].find("INSERT INTO product_options") > sql.size());
  auto only_sales = batch_sql({}, marked, 256, 1 << 20, sold);  // a unit may carry sales alone
  REQUIRE(only_sales.size() == 1);
  CHECK(only_sales[0] == sql + ";\nCOMMIT");
}
