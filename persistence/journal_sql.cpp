#include "persistence/journal_sql.hpp"

#include <map>
#include <utility>

#include "persistence/sql_time.hpp"

namespace shop::persistence {

std::vector<row_image> coalesce(const std::vector<const journal_unit*>& units) {
  std::vector<row_image> out;
  std::map<std::pair<std::uint8_t, std::int64_t>, std::size_t> index;
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

std::string upsert_sql(const table_schema& schema, std::size_t rows) {
  std::string cols = "id";
  std::string one = "(?";
  for (const auto& c : schema.columns) {
    cols += ", ";
    cols += c.name;
    one += c.kind == column_value::time_ms ? std::string{", "} + time_param : std::string{", ?"};
  }
  cols += ", version";
  one += ", ?)";
  std::string sql = "INSERT INTO ";
  sql += schema.name;
  sql += " (" + cols + ") VALUES ";
  for (std::size_t i = 0; i < rows; ++i) {
    if (i) sql += ", ";
    sql += one;
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

std::string erase_sql(const table_schema& schema) {
  return std::string{"DELETE FROM "} + schema.name + " WHERE id = ? AND version < ?";
}

}  // namespace shop::persistence
