// The journal's column lists (persistence/tables.cpp) against the tables the migrations create:
// a migration that renames or drops a column the journal writes fails here, not in production.
#include "persistence/tables.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "persistence/database.hpp"
#include "persistence/journal_store.hpp"
#include "persistence/migrations.hpp"
#include "persistence/user_queries.hpp"
#include "tests/support/test_database.hpp"

using namespace shop::persistence;

TEST_CASE("every journaled column exists in the migrated schema", "[persistence][schema]") {
  shop::test::reset_database();
  init_driver();
  migrate(*connect(shop::test::test_db_params()));
  for (std::size_t t = 0; t < static_cast<std::size_t>(table_id::count_); ++t) {
    const auto& schema = schema_of(static_cast<table_id>(t));
    INFO("table " << schema.name);
    auto columns = [&](const std::string& name) {
      return shop::test::query_int(
          std::string{"SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = "
                      "DATABASE() AND table_name = '"} +
          schema.name + "' AND column_name = '" + name + "'");
    };
    CHECK(columns("id") == 1);
    CHECK(columns("version") == 1);
    for (const auto& c : schema.columns) {
      INFO("column " << c.name);
      CHECK(columns(c.name) == 1);
    }
  }
}

TEST_CASE("times before 1970-01-02 and after 2038 round-trip through the journal",
          "[persistence][schema]") {
  shop::test::reset_database();
  init_driver();
  auto con = connect(shop::test::test_db_params());
  migrate(*con);
  journal_store store{shop::test::test_db_params()};
  coupon_row c{1, "far", "RATE", 10, 5, 0, 86'400'123, 4'070'908'800'456, 1'000, 1};
  store.apply({to_image(c)});
  auto back = load_coupon(*con, 1);
  REQUIRE(back);
  CHECK(back->row.starts_at_ms == 86'400'123);
  CHECK(back->row.expires_at_ms == 4'070'908'800'456);
  CHECK(back->row.created_at_ms == 1'000);
}
