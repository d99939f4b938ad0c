// A query whose only parameters are ids, sent as text with the ids written in: one round trip to
// MariaDB. A server-side prepared statement takes two (prepare, then execute) and an entity's
// load runs its query once, so preparing buys nothing there (docs/benchmarks.md, live actors).
#pragma once

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>

namespace shop::persistence {

// The rows, and the statement they belong to (which must outlive them).
struct id_query_rows {
  std::unique_ptr<sql::Statement> statement;
  std::unique_ptr<sql::ResultSet> rows;
  sql::ResultSet* operator->() const { return rows.get(); }
};

// `sql` with each `?` replaced by the next of `ids`, in order; throws std::logic_error when the
// counts differ. Only for `?` outside string literals (the shop's queries have none inside).
std::string with_ids(const std::string& sql, std::initializer_list<std::int64_t> ids);

id_query_rows query_with_ids(sql::Connection& con, const std::string& sql,
                             std::initializer_list<std::int64_t> ids);

}  // namespace shop::persistence
