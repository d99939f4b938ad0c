#include "persistence/id_query.hpp"

#include <stdexcept>

namespace shop::persistence {

std::string with_ids(const std::string& sql, std::initializer_list<std::int64_t> ids) {
  std::string out;
  out.reserve(sql.size() + ids.size() * 20);
  auto next = ids.begin();
  for (char c : sql) {
    if (c != '?') {
      out += c;
      continue;
    }
    if (next == ids.end()) throw std::logic_error("with_ids: more '?' than ids in: " + sql);
    out += std::to_string(*next++);
  }
  if (next != ids.end()) throw std::logic_error("with_ids: more ids than '?' in: " + sql);
  return out;
}

id_query_rows query_with_ids(sql::Connection& con, const std::string& sql,
                             std::initializer_list<std::int64_t> ids) {
  id_query_rows out;
  out.statement.reset(con.createStatement());
  out.rows.reset(out.statement->executeQuery(with_ids(sql, ids)));
  return out;
}

}  // namespace shop::persistence
