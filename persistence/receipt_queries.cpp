#include "persistence/receipt_queries.hpp"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <string>

#include "persistence/sql_time.hpp"

namespace shop::persistence {

std::vector<std::int64_t> expired_receipts(sql::Connection& con, std::int64_t before_ms,
                                           std::int64_t limit) {
  std::unique_ptr<sql::PreparedStatement> st(
      con.prepareStatement("SELECT id FROM idempotency_keys WHERE created_at < " + time_param +
                           " ORDER BY created_at LIMIT ?"));
  st->setInt64(1, before_ms);
  st->setInt64(2, limit);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<std::int64_t> ids;
  while (rs->next()) ids.push_back(rs->getInt64(1));
  return ids;
}

}  // namespace shop::persistence
