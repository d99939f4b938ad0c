#include "persistence/order_queries.hpp"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <map>
#include <memory>

#include "persistence/order_status_sql.hpp"
#include "persistence/sql_time.hpp"

namespace shop::persistence {
namespace {

const std::string order_columns =
    "id, user_id, status, total_amount, discount_amount, paid_amount, COALESCE(user_coupon_id, "
    "0), " +
    millis_of("created_at") + ", " + millis_of("expires_at") + ", COALESCE(" +
    millis_of("paid_at") + ", 0), version";

order_row order_of(sql::ResultSet& rs) {
  return {rs.getInt64(1),  rs.getInt64(2), order_status_of(rs.getString(3)),
          rs.getInt64(4),  rs.getInt64(5), rs.getInt64(6),
          rs.getInt64(7),  rs.getInt64(8), rs.getInt64(9),
          rs.getInt64(10), rs.getInt64(11)};
}

// Attaches each order's items. The ids are inlined (integers the service read itself): a prepared
// statement cannot bind a list.
std::vector<order_record> with_items(sql::Connection& con, std::vector<order_row> orders) {
  std::vector<order_record> out;
  if (orders.empty()) return out;
  std::map<std::int64_t, std::size_t> index;
  std::string ids;
  for (auto& o : orders) {
    index[o.id] = out.size();
    if (!ids.empty()) ids += ",";
    ids += std::to_string(o.id);
    out.push_back({std::move(o), {}});
  }
  std::unique_ptr<sql::PreparedStatement> st(con.prepareStatement(
      "SELECT id, order_id, product_id, product_option_id, product_name, option_name, unit_price,"
      " quantity, version FROM order_items WHERE order_id IN (" +
      ids + ") ORDER BY id"));
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  while (rs->next()) {
    order_item_row i{rs->getInt64(1), rs->getInt64(2),  rs->getInt64(3),
                     rs->getInt64(4), rs->getString(5), rs->getString(6),
                     rs->getInt64(7), rs->getInt64(8),  rs->getInt64(9)};
    out[index[i.order_id]].items.push_back(std::move(i));
  }
  return out;
}

}  // namespace

caf::optional<order_record> load_order(sql::Connection& con, std::int64_t id) {
  std::unique_ptr<sql::PreparedStatement> st(
      con.prepareStatement("SELECT " + order_columns + " FROM orders WHERE id = ?"));
  st->setInt64(1, id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return caf::none;
  auto all = with_items(con, {order_of(*rs)});
  return std::move(all.front());
}

order_page list_user_orders(sql::Connection& con, const order_query& q) {
  std::string where = " FROM orders WHERE user_id = ?";
  if (q.status) where += " AND status = ?";
  order_page page;
  {
    std::unique_ptr<sql::PreparedStatement> st(con.prepareStatement("SELECT COUNT(*)" + where));
    st->setInt64(1, q.user_id);
    if (q.status) st->setString(2, std::string{to_string(*q.status)});
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    if (rs->next()) page.total = rs->getInt64(1);
  }
  std::unique_ptr<sql::PreparedStatement> st(con.prepareStatement(
      "SELECT " + order_columns + where + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"));
  int n = 1;
  st->setInt64(n++, q.user_id);
  if (q.status) st->setString(n++, std::string{to_string(*q.status)});
  st->setInt64(n++, q.size);
  st->setInt64(n++, q.page * q.size);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<order_row> rows;
  while (rs->next()) rows.push_back(order_of(*rs));
  page.items = with_items(con, std::move(rows));
  return page;
}

std::vector<std::int64_t> overdue_orders(sql::Connection& con, std::int64_t now_ms,
                                         std::int64_t limit) {
  std::unique_ptr<sql::PreparedStatement> st(con.prepareStatement(
      // A PENDING order has no paid_at; saying so lets idx_orders_state (status, paid_at,
      // expires_at) hand over the overdue ones in expiry order.
      "SELECT id FROM orders WHERE status = " + sql_literal(model::order_status::pending) +
      " AND paid_at IS NULL AND expires_at <= " + time_param + " ORDER BY expires_at LIMIT ?"));
  st->setInt64(1, now_ms);
  st->setInt64(2, limit);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<std::int64_t> ids;
  while (rs->next()) ids.push_back(rs->getInt64(1));
  return ids;
}

std::vector<order_record> undelivered_orders(sql::Connection& con, std::int64_t after_id,
                                             std::int64_t limit) {
  std::unique_ptr<sql::PreparedStatement> st(con.prepareStatement(
      "SELECT " + order_columns +
      " FROM orders WHERE id IN (SELECT id FROM order_outbox WHERE id > ?) ORDER BY id LIMIT ?"));
  st->setInt64(1, after_id);
  st->setInt64(2, limit);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<order_row> rows;
  while (rs->next()) rows.push_back(order_of(*rs));
  return with_items(con, std::move(rows));
}

}  // namespace shop::persistence
