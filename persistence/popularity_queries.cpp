#include "persistence/popularity_queries.hpp"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>

#include "persistence/order_status_sql.hpp"
#include "persistence/sql_time.hpp"

namespace shop::persistence {

std::vector<product_sales> product_sales_between(sql::Connection& con, std::int64_t from_ms,
                                                 std::int64_t to_ms) {
  // idx_orders_state (status, paid_at, ...) finds the window; names and prices are today's catalog.
  std::unique_ptr<sql::PreparedStatement> st(con.prepareStatement(
      "SELECT i.product_id, p.name, p.price, p.category, SUM(i.quantity), " +
      millis_of("MAX(o.paid_at)") +
      " FROM orders o JOIN order_items i ON i.order_id = o.id"
      " JOIN products p ON p.id = i.product_id"
      " WHERE o.status = " +
      sql_literal(model::order_status::paid) + " AND o.paid_at >= " + time_param +
      " AND o.paid_at < " + time_param + " GROUP BY i.product_id, p.name, p.price, p.category"));
  st->setInt64(1, from_ms);
  st->setInt64(2, to_ms);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<product_sales> out;
  while (rs->next())
    out.push_back({rs->getInt64(1), rs->getString(2), rs->getInt64(3), rs->getString(4),
                   rs->getInt64(5), rs->getInt64(6)});
  return out;
}

caf::optional<popularity_snapshot> newest_popularity_snapshot(sql::Connection& con) {
  popularity_snapshot snap;
  {
    std::unique_ptr<sql::Statement> st(con.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
        "SELECT id, " + millis_of("as_of") + ", " + millis_of("created_at") +
        ", product_count, version FROM popularity_snapshots ORDER BY id DESC LIMIT 1"));
    if (!rs->next()) return caf::none;
    snap.header = {rs->getInt64(1), rs->getInt64(2), rs->getInt64(3), rs->getInt64(4),
                   rs->getInt64(5)};
  }
  std::unique_ptr<sql::PreparedStatement> st(con.prepareStatement(
      "SELECT id, product_rank, product_id, name, price, category, sold_quantity, " +
      millis_of("last_sold_at") + ", " + millis_of("created_at") +
      ", version FROM product_popularity_snapshot WHERE snapshot_id = ? ORDER BY product_rank"));
  st->setInt64(1, snap.header.id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  while (rs->next()) {
    popularity_item_row r;
    r.id = rs->getInt64(1);
    r.snapshot_id = snap.header.id;
    r.snapshot_at_ms = snap.header.as_of_ms;
    r.rank = rs->getInt64(2);
    r.sales = {rs->getInt64(3),  rs->getString(4), rs->getInt64(5),
               rs->getString(6), rs->getInt64(7),  rs->getInt64(8)};
    r.created_at_ms = rs->getInt64(9);
    r.version = rs->getInt64(10);
    snap.items.push_back(std::move(r));
  }
  return snap;
}

}  // namespace shop::persistence
