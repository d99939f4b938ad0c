#include "persistence/catalog_queries.hpp"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>

#include "persistence/id_query.hpp"
#include "persistence/order_status_sql.hpp"
#include "persistence/sql_time.hpp"
#include "persistence/tables.hpp"

namespace shop::persistence {
namespace {

const char* order_clause(product_sort s) {
  switch (s) {
    case product_sort::price_asc:
      return " ORDER BY p.price ASC, p.created_at DESC, p.id DESC";
    case product_sort::price_desc:
      return " ORDER BY p.price DESC, p.created_at DESC, p.id DESC";
    case product_sort::popular:
      return " ORDER BY COALESCE(s.sold, 0) DESC, p.created_at DESC, p.id DESC";
    default:
      return " ORDER BY p.created_at DESC, p.id DESC";
  }
}

// Units sold in PAID orders, from the sales totals (sales_fold.hpp): written in each payment's
// own transaction, so exact. The options' stored stock figures are not: a refused payment can
// leave them one sale ahead (see load_option).
constexpr const char* units_sold_join =
    " LEFT JOIN (SELECT product_id, SUM(sold) AS sold FROM option_sales GROUP BY product_id) s"
    " ON s.product_id = p.id";

}  // namespace

product_page list_products(sql::Connection& con, const product_query& q) {
  auto sort = q.sort;
  std::string where = " WHERE p.available = 1";
  if (!q.category.empty()) where += " AND p.category = ?";
  product_page page;
  {
    std::unique_ptr<sql::PreparedStatement> st(
        con.prepareStatement("SELECT COUNT(*) FROM products p" + where));
    if (!q.category.empty()) st->setString(1, q.category);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    if (rs->next()) page.total = rs->getInt64(1);
  }
  std::string sql = "SELECT p.id, p.name, p.price, p.category FROM products p";
  if (sort == product_sort::popular) sql += units_sold_join;
  sql += where;
  sql += order_clause(sort);
  sql += " LIMIT ? OFFSET ?";
  std::unique_ptr<sql::PreparedStatement> st(con.prepareStatement(sql));
  unsigned i = 1;
  if (!q.category.empty()) st->setString(i++, q.category);
  st->setInt64(i++, q.size);
  st->setInt64(i++, q.page * q.size);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  while (rs->next())
    page.items.push_back({rs->getInt64(1), rs->getString(2), rs->getInt64(3), rs->getString(4)});
  return page;
}

caf::optional<product_record> load_product(sql::Connection& con, std::int64_t id) {
  // The product's columns on every row, one row per option (or one with a NULL option id).
  auto rs =
      query_with_ids(con,
                     "SELECT p.id, p.name, p.description, p.category, p.price, p.available, " +
                         millis_of("p.created_at") +
                         ", p.version, o.id FROM products p LEFT JOIN product_options o ON "
                         "o.product_id = p.id WHERE p.id = ? ORDER BY o.id",
                     {id});
  if (!rs->next()) return caf::none;
  product_record rec;
  rec.row = {rs->getInt64(1), rs->getString(2),   rs->getString(3), rs->getString(4),
             rs->getInt64(5), rs->getInt(6) != 0, rs->getInt64(7),  rs->getInt64(8)};
  do {
    if (!rs->isNull(9)) rec.option_ids.push_back(rs->getInt64(9));
  } while (rs->next());
  return rec;
}

caf::optional<option_record> load_option(sql::Connection& con, std::int64_t id) {
  // stock and reserved_stock are derived from `received`, the sales totals and the PENDING
  // orders: two orders' units may have committed in either order, so the stored figures are a
  // cache, read only to tell whether it needs writing back.
  auto rs = query_with_ids(
      con,
      "SELECT o.id, o.product_id, o.name, o.additional_price, o.received, o.version,"
      " (SELECT COALESCE(SUM(s.sold), 0) FROM option_sales s WHERE s.option_id = o.id),"
      " (SELECT COALESCE(SUM(i.quantity), 0) FROM orders r JOIN order_items i ON i.order_id = r.id"
      " WHERE r.status = " +
          sql_literal(model::order_status::pending) +
          " AND i.product_option_id = o.id), o.stock, o.reserved_stock"
          " FROM product_options o WHERE o.id = ?",
      {id});
  if (!rs->next()) return caf::none;
  option_record rec;
  auto& r = rec.row;
  r.id = rs->getInt64(1);
  r.product_id = rs->getInt64(2);
  r.name = rs->getString(3);
  r.additional_price = rs->getInt64(4);
  r.received = rs->getInt64(5);
  r.version = rs->getInt64(6);
  r.reserved_stock = rs->getInt64(8);
  r.stock = r.received - r.reserved_stock - rs->getInt64(7);
  rec.stored_figures_differ = r.stock != rs->getInt64(9) || r.reserved_stock != rs->getInt64(10);
  return rec;
}

std::int64_t max_id(sql::Connection& con, table_id t) {
  std::unique_ptr<sql::Statement> st(con.createStatement());
  std::unique_ptr<sql::ResultSet> rs(
      st->executeQuery(std::string{"SELECT COALESCE(MAX(id), 0) FROM "} + schema_of(t).name));
  return rs->next() ? rs->getInt64(1) : 0;
}

}  // namespace shop::persistence
