#include "persistence/operator_queries.hpp"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <unordered_map>

#include "persistence/sql_time.hpp"
#include "persistence/tables.hpp"

namespace shop::persistence {

outbox_backlog read_outbox_backlog(sql::Connection& con) {
  std::unique_ptr<sql::Statement> st(con.createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
      "SELECT COUNT(*), COALESCE(" + millis_of("MIN(created_at)") + ", 0) FROM order_outbox"));
  outbox_backlog b;
  if (rs->next()) b = {rs->getInt64(1), rs->getInt64(2)};
  return b;
}

std::vector<std::int64_t> committed_versions(sql::Connection& con, table_id t,
                                             const std::vector<std::int64_t>& ids) {
  std::vector<std::int64_t> out(ids.size(), -1);
  if (ids.empty()) return out;
  std::string sql = std::string{"SELECT id, version FROM "} + schema_of(t).name + " WHERE id IN (";
  for (std::size_t i = 0; i < ids.size(); ++i) sql += i ? ", ?" : "?";
  sql += ")";
  std::unique_ptr<sql::PreparedStatement> st(con.prepareStatement(sql));
  for (std::size_t i = 0; i < ids.size(); ++i) st->setInt64(static_cast<unsigned>(i + 1), ids[i]);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::unordered_map<std::int64_t, std::int64_t> found;
  while (rs->next()) found[rs->getInt64(1)] = rs->getInt64(2);
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (auto it = found.find(ids[i]); it != found.end()) out[i] = it->second;
  return out;
}

}  // namespace shop::persistence
