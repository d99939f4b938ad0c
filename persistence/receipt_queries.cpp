#include "persistence/receipt_queries.hpp"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <string>

#include "persistence/sql_time.hpp"

namespace shop::persistence {

caf::optional<model::idempotency_row> load_receipt(sql::Connection& con, std::int64_t user_id,
                                                   const std::string& key, std::int64_t since_ms) {
  std::unique_ptr<sql::PreparedStatement> st(con.prepareStatement(
      "SELECT id, user_id, idem_key, request, response, " + millis_of("created_at") +
      ", version FROM idempotency_keys WHERE user_id = ? AND idem_key = ? AND created_at >= " +
      time_param + " ORDER BY created_at DESC, id DESC LIMIT 1"));
  st->setInt64(1, user_id);
  st->setString(2, key);
  st->setInt64(3, since_ms);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return caf::none;
  return model::idempotency_row{rs->getInt64(1),  rs->getInt64(2),  rs->getString(3),
                                rs->getString(4), rs->getString(5), rs->getInt64(6),
                                rs->getInt64(7)};
}

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
