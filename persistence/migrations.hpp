// Versioned schema migrations (persistence/migrations/NNNN_name.sql), applied at start.
#pragma once

#include <cppconn/connection.h>

#include <string>
#include <vector>

namespace shop::persistence {

struct migration {
  int version;
  std::string name;
  std::string sql;  // statements separated by ';' at line end
};

const std::vector<migration>& all_migrations();

// Applies every migration not yet in `schema_migrations`, each in order, under a named lock so
// two nodes starting together do not race. Returns the versions it applied.
std::vector<int> migrate(sql::Connection& con);

// Splits a migration into statements (on ';' ending a line; `--` comment lines dropped).
std::vector<std::string> split_statements(const std::string& sql);

}  // namespace shop::persistence
