#include "persistence/sales_fold.hpp"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace shop::persistence {
namespace {

struct option_total {
  std::int64_t product_id = 0;
  std::int64_t sold = 0;
};

constexpr std::size_t rows_per_delete = 500;

}  // namespace

std::int64_t fold_sales(sql::Connection& con) {
  std::unique_ptr<sql::Statement> st(con.createStatement());
  // Exactly the rows read here are folded and deleted: others may commit new ones meanwhile (the
  // other nodes' journals), and those wait for the next fold.
  std::vector<std::pair<std::int64_t, std::int64_t>> keys;
  std::map<std::int64_t, option_total> totals;
  {
    std::unique_ptr<sql::ResultSet> rs(
        st->executeQuery("SELECT option_id, order_id, product_id, sold FROM option_sales"
                         " WHERE order_id > 0 FOR UPDATE"));
    while (rs->next()) {
      keys.emplace_back(rs->getInt64(1), rs->getInt64(2));
      auto& t = totals[rs->getInt64(1)];
      t.product_id = rs->getInt64(3);
      t.sold += rs->getInt64(4);
    }
  }
  if (keys.empty()) {
    con.commit();
    return 0;
  }
  std::string add = "INSERT INTO option_sales (option_id, order_id, product_id, sold) VALUES ";
  bool first = true;
  for (const auto& [option, t] : totals) {
    add += first ? "(" : ", (";
    add += std::to_string(option) + ", 0, " + std::to_string(t.product_id) + ", " +
           std::to_string(t.sold) + ")";
    first = false;
  }
  add += " ON DUPLICATE KEY UPDATE sold = option_sales.sold + VALUES(sold)";
  st->executeUpdate(add);
  for (std::size_t from = 0; from < keys.size(); from += rows_per_delete) {
    std::string del = "DELETE FROM option_sales WHERE (option_id, order_id) IN (";
    for (std::size_t i = from; i < keys.size() && i < from + rows_per_delete; ++i)
      del += (i == from ? "(" : ", (") + std::to_string(keys[i].first) + ", " +
             std::to_string(keys[i].second) + ")";
    st->executeUpdate(del + ")");
  }
  con.commit();
  return static_cast<std::int64_t>(keys.size());
}

}  // namespace shop::persistence
