#include "persistence/journal_sql.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "persistence/order_status_sql.hpp"
#include "persistence/sql_time.hpp"

namespace shop::persistence {
namespace {

void append_value(std::string& sql, const column_value& v, const sql_escape& escape) {
  switch (v.kind) {
    case column_value::integer:
      sql += std::to_string(v.number);
      break;
    case column_value::time_ms:
      sql += time_literal(v.number);
      break;
    case column_value::text:
      sql += '\'';
      sql += escape(v.str);
      sql += '\'';
      break;
    default:
      sql += "NULL";
  }
}

}  // namespace

std::vector<row_image> coalesce(const std::vector<const journal_unit*>& units) {
  std::vector<row_image> out;
  std::map<std::pair<table_id, std::int64_t>, std::size_t> index;
  for (const auto* unit : units)
    for (const auto& img : unit->rows) {
      auto [it, fresh] = index.emplace(std::make_pair(img.table, img.id), out.size());
      if (fresh)
        out.push_back(img);
      else if (out[it->second].version < img.version)
        out[it->second] = img;
    }
  return out;
}

std::vector<shard_claim> coalesce_claims(const std::vector<const journal_unit*>& units) {
  std::vector<shard_claim> out;
  for (const auto* u : units)
    for (const auto& c : u->claims) add_claim(out, c);
  return out;
}

std::vector<sale> coalesce_sales(const std::vector<const journal_unit*>& units) {
  std::vector<sale> out;
  std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> index;
  for (const auto* unit : units)
    for (const auto& s : unit->sales) {
      auto [it, fresh] = index.emplace(std::make_pair(s.option_id, s.order_id), out.size());
      if (fresh)
        out.push_back(s);
      else
        out[it->second] = s;
    }
  return out;
}

std::string sales_sql(const std::vector<sale>& sales) {
  if (sales.empty()) return {};
  std::string sql =
      "INSERT INTO option_sales (option_id, order_id, product_id, sold) SELECT s.* FROM (";
  for (std::size_t i = 0; i < sales.size(); ++i) {
    const auto& x = sales[i];
    sql += i ? " UNION ALL SELECT " : "SELECT ";
    sql += std::to_string(x.option_id) + (i ? ", " : " AS option_id, ") +
           std::to_string(x.order_id) + (i ? ", " : " AS order_id, ") +
           std::to_string(x.product_id) + (i ? ", " : " AS product_id, ") +
           std::to_string(x.quantity) + (i ? "" : " AS sold");
  }
  sql += ") s WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = s.order_id AND o.status = " +
         sql_literal(model::order_status::paid) + ") ON DUPLICATE KEY UPDATE sold = VALUES(sold)";
  return sql;
}

std::string upsert_sql(const table_schema& schema, const std::vector<const row_image*>& rows,
                       const sql_escape& escape) {
  std::string sql = "INSERT INTO ";
  sql += schema.name;
  sql += " (id";
  for (const auto& c : schema.columns) {
    sql += ", ";
    sql += c.name;
  }
  sql += ", version) VALUES ";
  bool first = true;
  for (const auto* r : rows) {
    sql += first ? "(" : ", (";
    first = false;
    sql += std::to_string(r->id);
    for (const auto& v : r->values) {
      sql += ", ";
      append_value(sql, v, escape);
    }
    sql += ", ";
    sql += std::to_string(r->version);
    sql += ')';
  }
  // MariaDB applies these left to right: every column compares against the old version first,
  // and the version itself moves last. A collision on another unique key (a different id) sets
  // the id to NULL, which fails the statement: the unit is refused instead of silently changing
  // nothing (e.g. a second coupon of one campaign for one user).
  sql += " ON DUPLICATE KEY UPDATE id = IF(VALUES(id) = id, id, NULL), ";
  for (const auto& c : schema.columns) {
    sql += c.name;
    sql += " = IF(VALUES(version) > version, VALUES(";
    sql += c.name;
    sql += "), ";
    sql += c.name;
    sql += "), ";
  }
  sql += "version = GREATEST(version, VALUES(version))";
  return sql;
}

std::string erase_sql(const table_schema& schema, const row_image& row) {
  return std::string{"DELETE FROM "} + schema.name + " WHERE id = " + std::to_string(row.id) +
         " AND version < " + std::to_string(row.version);
}

std::vector<std::string> batch_sql(const std::vector<row_image>& rows, const sql_escape& escape,
                                   std::size_t max_rows, std::size_t max_bytes,
                                   const std::vector<sale>& sales) {
  std::vector<std::string> scripts;
  auto add = [&](const std::string& sql) {
    if (scripts.empty() || scripts.back().size() + sql.size() > max_bytes) scripts.emplace_back();
    scripts.back() += sql;
    scripts.back() += ";\n";
  };
  // One pass sorts the rows by table; each table's erases go before its upserts.
  constexpr auto tables = static_cast<std::size_t>(table_id::count_);
  if (!sales.empty()) add(sales_sql(sales));
  std::array<std::vector<const row_image*>, tables> erases, upserts_of;
  for (const auto& r : rows)
    (r.erase ? erases : upserts_of)[static_cast<std::size_t>(r.table)].push_back(&r);
  for (std::size_t t = 0; t < tables; ++t) {
    const auto& schema = schema_of(static_cast<table_id>(t));
    for (const auto* r : erases[t]) add(erase_sql(schema, *r));
    const auto& upserts = upserts_of[t];
    for (std::size_t from = 0; from < upserts.size(); from += max_rows) {
      auto to = std::min(upserts.size(), from + max_rows);
      add(upsert_sql(schema, {upserts.begin() + from, upserts.begin() + to}, escape));
    }
  }
  if (!scripts.empty()) scripts.back() += "COMMIT";
  return scripts;
}

}  // namespace shop::persistence
