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
    } catch (const sql::SQLException& e) {
      throw storage_unavailable(e.what());
    }
  }
  return *con_;
}

void journal_store::ping() {
  try {
    std::unique_ptr<sql::Statement> st(connection().createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT 1"));  // read it: no pending result
    while (rs->next()) {
    }
  } catch (const sql::SQLException& e) {
    con_.reset();
    throw storage_unavailable(e.what());
  }
}

void journal_store::apply_table(table_id t, const std::vector<const row_image*>& rows) {
  const auto& schema = schema_of(t);
  std::vector<const row_image*> upserts;
  for (const auto* r : rows) {
    if (!r->erase) {
      upserts.push_back(r);
      continue;
    }
    std::unique_ptr<sql::PreparedStatement> del(con_->prepareStatement(erase_sql(schema)));
    del->setInt64(1, r->id);
    del->setInt64(2, r->version);
    del->executeUpdate();
  }
  for (std::size_t from = 0; from < upserts.size(); from += rows_per_statement) {
    auto n = std::min(rows_per_statement, upserts.size() - from);
    std::unique_ptr<sql::PreparedStatement> st(con_->prepareStatement(upsert_sql(schema, n)));
    unsigned i = 1;
    for (std::size_t k = from; k < from + n; ++k) {
      const auto& r = *upserts[k];
      if (r.values.size() != schema.columns.size())
        throw row_rejected(std::string{"image for "} + schema.name + " has wrong column count");
      st->setInt64(i++, r.id);
      for (const auto& v : r.values) bind(*st, i, v);
      st->setInt64(i++, r.version);
    }
    st->executeUpdate();
  }
}

void journal_store::apply(const std::vector<row_image>& rows) {
  if (rows.empty()) return;
  auto& con = connection();
  try {
    con.setAutoCommit(false);
    for (std::size_t t = 0; t < static_cast<std::size_t>(table_id::count_); ++t) {
      std::vector<const row_image*> of_table;
      for (const auto& r : rows)
        if (r.table == t) of_table.push_back(&r);
      if (!of_table.empty()) apply_table(static_cast<table_id>(t), of_table);
    }
    con.commit();
    con.setAutoCommit(true);
  } catch (const sql::SQLException& e) {
    if (is_connection_error(e)) {
      con_.reset();  // the transaction died with the session; the whole batch is retried
      throw storage_unavailable(e.what());
    }
    try {
      con.rollback();
      con.setAutoCommit(true);
    } catch (const sql::SQLException&) {
      con_.reset();
    }
    throw row_rejected(e.what());
  }
}

}  // namespace shop::persistence
