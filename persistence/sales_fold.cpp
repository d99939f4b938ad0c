#include "persistence/sales_fold.hpp"

#include <cppconn/statement.h>

#include <memory>

namespace shop::persistence {

std::int64_t fold_sales(sql::Connection& con) {
  std::unique_ptr<sql::Statement> st(con.createStatement());
  st->executeUpdate(
      "INSERT INTO option_sales (option_id, order_id, product_id, sold)"
      " SELECT * FROM (SELECT option_id, 0, MIN(product_id), SUM(sold) FROM option_sales"
      " WHERE order_id > 0 GROUP BY option_id) folded"
      " ON DUPLICATE KEY UPDATE sold = option_sales.sold + VALUES(sold)");
  const std::int64_t folded = st->executeUpdate("DELETE FROM option_sales WHERE order_id > 0");
  con.commit();
  return folded;
}

}  // namespace shop::persistence
