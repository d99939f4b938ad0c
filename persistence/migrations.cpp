#include "persistence/migrations.hpp"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "persistence/migrations_generated.hpp"

namespace shop::persistence {

const std::vector<migration>& all_migrations() {
  return generated_migrations();
}

std::vector<std::string> split_statements(const std::string& sql) {
  std::vector<std::string> out;
  std::istringstream in(sql);
  std::string line, current;
  while (std::getline(in, line)) {
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line.compare(first, 2, "--") == 0) continue;
    current += line + "\n";
    auto last = line.find_last_not_of(" \t\r");
    if (line[last] == ';') {
      current.erase(current.find_last_of(';'));
      out.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
  return out;
}

std::vector<int> migrate(sql::Connection& con) {
  std::unique_ptr<sql::Statement> st(con.createStatement());
  st->execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, "
      "name VARCHAR(200) NOT NULL, applied_at DATETIME(3) NOT NULL) ENGINE=InnoDB");
  {
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT GET_LOCK('shop_migrate', 60)"));
    if (!rs->next() || rs->getInt(1) != 1)
      throw std::runtime_error("could not take the migration lock");
  }
  std::vector<int> applied;
  try {
    std::set<int> done;
    {
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT version FROM schema_migrations"));
      while (rs->next()) done.insert(rs->getInt(1));
    }
    for (const auto& m : all_migrations()) {
      if (done.count(m.version)) continue;
      // DDL commits implicitly in MariaDB; statements use plain CREATE so a half-applied
      // migration fails loudly instead of being skipped.
      for (const auto& stmt : split_statements(m.sql)) st->execute(stmt);
      std::unique_ptr<sql::PreparedStatement> ins(con.prepareStatement(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, NOW(3))"));
      ins->setInt(1, m.version);
      ins->setString(2, m.name);
      ins->executeUpdate();
      applied.push_back(m.version);
    }
  } catch (...) {
    st->execute("DO RELEASE_LOCK('shop_migrate')");
    throw;
  }
  st->execute("DO RELEASE_LOCK('shop_migrate')");
  return applied;
}

}  // namespace shop::persistence
