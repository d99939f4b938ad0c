#include "persistence/journal_store.hpp"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>

#include "persistence/cluster/membership_store.hpp"
#include "persistence/journal_sql.hpp"
#include "persistence/sales_fold.hpp"
#include "persistence/tables.hpp"

namespace shop::persistence {
namespace {

constexpr std::size_t rows_per_statement = 256;
// Well under MariaDB's max_allowed_packet (16 MiB by default): a script is one packet.
constexpr std::size_t bytes_per_script = 4 << 20;

}  // namespace

journal_store::journal_store(db_params params) : params_(std::move(params)) {}

sql::Connection& journal_store::connection() {
  if (!con_) {
    try {
      con_ = connect(params_);
      // Every batch is one transaction ended by its own COMMIT; no autocommit round trips.
      con_->setAutoCommit(false);
      statement_.reset(con_->createStatement());
    } catch (const sql::SQLException& e) {
      drop_connection();
      throw storage_unavailable(e.what());
    }
  }
  return *con_;
}

void journal_store::drop_connection() {
  statement_.reset();  // before its connection goes
  con_.reset();
}

void journal_store::ping() {
  try {
    connection();
    std::unique_ptr<sql::ResultSet> rs(statement_->executeQuery("SELECT 1"));
    while (rs->next()) {  // read it: no pending result
    }
    con_->commit();  // autocommit is off: end the read's transaction
  } catch (const sql::SQLException& e) {
    drop_connection();
    throw storage_unavailable(e.what());
  }
}

void journal_store::apply(const std::vector<row_image>& rows, const std::vector<sale>& sales,
                          const std::vector<shard_claim>& claims) {
  if (rows.empty() && sales.empty()) return;
  // Checked before any statement runs: a refusal must leave nothing in the open transaction.
  for (const auto& r : rows)
    if (!r.erase && r.values.size() != schema_of(r.table).columns.size())
      throw row_rejected(std::string{"image for "} + schema_of(r.table).name +
                         " has wrong column count");
  auto& con = connection();
  auto& native = dynamic_cast<sql::mysql::MySQL_Connection&>(con);
  auto scripts = batch_sql(
      rows, [&](const std::string& s) -> std::string { return native.escapeString(s); },
      rows_per_statement, bytes_per_script, sales);
  try {
    if (!cluster::holds_all(con, claims)) {
      con.rollback();
      throw batch_fenced("a claimed shard changed owner");
    }
    // Each call walks every statement's result and throws at the first that failed; the server
    // runs nothing after it, so the COMMIT at the end did not run either.
    for (const auto& script : scripts) statement_->executeUpdate(script);
  } catch (const sql::SQLException& e) {
    fail(e);
  }
}

std::int64_t journal_store::fold_sales() {
  try {
    return persistence::fold_sales(connection());
  } catch (const sql::SQLException& e) {
    fail(e);
  }
}

void journal_store::fail(const sql::SQLException& e) {
  if (is_connection_error(e)) {
    drop_connection();  // the transaction died with the session: the caller retries all of it
    throw storage_unavailable(e.what());
  }
  try {
    con_->rollback();
  } catch (const sql::SQLException&) {
    drop_connection();
  }
  throw row_rejected(e.what());
}

}  // namespace shop::persistence
