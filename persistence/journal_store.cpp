#include "persistence/journal_store.hpp"

#include <cppconn/datatype.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>

#include "persistence/journal_sql.hpp"
#include "persistence/storage_error.hpp"
#include "persistence/tables.hpp"

namespace shop::persistence {
namespace {

constexpr std::size_t rows_per_statement = 256;

void bind(sql::PreparedStatement& st, unsigned& i, const column_value& v) {
  switch (v.kind) {
    case column_value::integer:
    case column_value::time_ms:
      st.setInt64(i++, v.number);
      break;
    case column_value::text:
      st.setString(i++, v.str);
      break;
    default:
      st.setNull(i++, sql::DataType::BIGINT);
  }
}

}  // namespace

journal_store::journal_store(db_params params) : params_(std::move(params)) {}

sql::Connection& journal_store::connection() {
  if (!con_) {
    try {
      con_ = connect(params_);
      // Every batch is one transaction ended by commit(); no autocommit round trips around it.
      con_->setAutoCommit(false);
    } catch (const sql::SQLException& e) {
      con_.reset();
      throw storage_unavailable(e.what());
    }
  }
  return *con_;
}

void journal_store::drop_connection() {
  statements_.clear();  // before their connection goes
  con_.reset();
}

sql::PreparedStatement& journal_store::statement(table_id t, std::size_t rows) {
  auto& st = statements_[{t, rows}];
  if (!st)
    st.reset(con_->prepareStatement(rows == 0 ? erase_sql(schema_of(t))
                                              : upsert_sql(schema_of(t), rows)));
  return *st;
}

void journal_store::ping() {
  try {
    std::unique_ptr<sql::Statement> st(connection().createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT 1"));  // read it: no pending result
    while (rs->next()) {
    }
    con_->commit();  // autocommit is off: end the read's transaction
  } catch (const sql::SQLException& e) {
    drop_connection();
    throw storage_unavailable(e.what());
  }
}

void journal_store::apply_table(table_id t, const std::vector<const row_image*>& rows) {
  std::vector<const row_image*> upserts;
  for (const auto* r : rows) {
    if (!r->erase) {
      upserts.push_back(r);
      continue;
    }
    auto& del = statement(t, 0);
    del.setInt64(1, r->id);
    del.setInt64(2, r->version);
    del.executeUpdate();
  }
  for (std::size_t from = 0; from < upserts.size(); from += rows_per_statement) {
    auto n = std::min(rows_per_statement, upserts.size() - from);
    // Padded by repeating the last image: the repeat finds its own version stored and changes
    // nothing (the version guard), and the statement is one of a few prepared ones.
    std::size_t padded = 1;
    while (padded < n) padded *= 2;
    auto& st = statement(t, padded);
    unsigned i = 1;
    for (std::size_t k = 0; k < padded; ++k) {
      const auto& r = *upserts[from + std::min(k, n - 1)];
      st.setInt64(i++, r.id);
      for (const auto& v : r.values) bind(st, i, v);
      st.setInt64(i++, r.version);
    }
    st.executeUpdate();
  }
}

void journal_store::apply(const std::vector<row_image>& rows) {
  if (rows.empty()) return;
  // Checked before any statement runs: a refusal must leave nothing in the open transaction
  // (autocommit is off, so the next batch's commit would take it along).
  for (const auto& r : rows)
    if (!r.erase && r.values.size() != schema_of(r.tab()).columns.size())
      throw row_rejected(std::string{"image for "} + schema_of(r.tab()).name +
                         " has wrong column count");
  auto& con = connection();
  try {
    for (std::size_t t = 0; t < static_cast<std::size_t>(table_id::count_); ++t) {
      std::vector<const row_image*> of_table;
      for (const auto& r : rows)
        if (r.table == t) of_table.push_back(&r);
      if (!of_table.empty()) apply_table(static_cast<table_id>(t), of_table);
    }
    con.commit();
  } catch (const sql::SQLException& e) {
    if (is_connection_error(e)) {
      drop_connection();  // the transaction died with the session; the whole batch is retried
      throw storage_unavailable(e.what());
    }
    try {
      con.rollback();
    } catch (const sql::SQLException&) {
      drop_connection();
    }
    throw row_rejected(e.what());
  }
}

}  // namespace shop::persistence
