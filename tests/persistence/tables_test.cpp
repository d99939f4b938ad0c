// The journal's column lists (persistence/tables.cpp) against the tables the migrations create:
// a migration that renames or drops a column the journal writes fails here, not in production.
#include "persistence/tables.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "persistence/database.hpp"
#include "persistence/migrations.hpp"
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
