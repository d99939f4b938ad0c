#include "persistence/sales_fold.hpp"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>

namespace shop::persistence {

std::int64_t next_sales_batch(sql::Connection& con) {
  std::unique_ptr<sql::Statement> st(con.createStatement());
  std::unique_ptr<sql::ResultSet> rs(
      st->executeQuery("SELECT COALESCE(MAX(batch), 0) + 1 FROM option_sales"));
  return rs->next() ? rs->getInt64(1) : 1;
}

std::int64_t fold_sales(sql::Connection& con, std::int64_t through) {
  std::unique_ptr<sql::PreparedStatement> add(con.prepareStatement(
      "INSERT INTO option_sales (option_id, batch, product_id, sold)"
      " SELECT * FROM (SELECT option_id, 0, MIN(product_id), SUM(sold) FROM option_sales"
      " WHERE batch BETWEEN 1 AND ? GROUP BY option_id) folded"
      " ON DUPLICATE KEY UPDATE sold = option_sales.sold + VALUES(sold)"));
  add->setInt64(1, through);
  add->executeUpdate();
  std::unique_ptr<sql::PreparedStatement> drop(
      con.prepareStatement("DELETE FROM option_sales WHERE batch BETWEEN 1 AND ?"));
  drop->setInt64(1, through);
  const std::int64_t folded = drop->executeUpdate();
  con.commit();
  return folded;
}

}  // namespace shop::persistence
