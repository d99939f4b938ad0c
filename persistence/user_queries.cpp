#include "persistence/user_queries.hpp"

#include <cppconn/resultset.h>

#include <memory>

#include "model/idempotency_key_hash.hpp"
#include "persistence/coupon_status_sql.hpp"
#include "persistence/id_query.hpp"
#include "persistence/sql_time.hpp"

namespace shop::persistence {

caf::optional<coupon_record> load_coupon(sql::Connection& con, std::int64_t id) {
  coupon_record rec;
  {
    auto rs =
        query_with_ids(con,
                       "SELECT id, name, discount_type, discount_value, total_quantity, "
                       "issued_quantity, COALESCE(" +
                           millis_of("starts_at") + ", 0), " + millis_of("expires_at") + ", " +
                           millis_of("created_at") + ", version FROM coupons WHERE id = ?",
                       {id});
    if (!rs->next()) return caf::none;
    rec.row = {rs->getInt64(1), rs->getString(2), rs->getString(3), rs->getInt64(4),
               rs->getInt64(5), rs->getInt64(6),  rs->getInt64(7),  rs->getInt64(8),
               rs->getInt64(9), rs->getInt64(10)};
  }
  auto rs = query_with_ids(con, "SELECT user_id FROM user_coupons WHERE coupon_id = ?", {id});
  while (rs->next()) rec.holders.push_back(rs->getInt64(1));
  return rec;
}

caf::optional<user_record> load_user(sql::Connection& con, std::int64_t id,
                                     std::int64_t receipts_since_ms) {
  user_record rec;
  {
    auto rs = query_with_ids(con,
                             "SELECT id, name, balance, " + millis_of("created_at") +
                                 ", version FROM users WHERE id = ?",
                             {id});
    if (!rs->next()) return caf::none;
    rec.row = {rs->getInt64(1), rs->getString(2), rs->getInt64(3), rs->getInt64(4),
               rs->getInt64(5)};
  }
  {
    auto rs = query_with_ids(con,
                             "SELECT c.id, c.user_id, c.product_option_id, c.quantity, " +
                                 millis_of("c.created_at") +
                                 ", c.version, COALESCE(o.product_id, 0) FROM cart_items c"
                                 " LEFT JOIN product_options o ON o.id = c.product_option_id"
                                 " WHERE c.user_id = ? ORDER BY c.id",
                             {id});
    while (rs->next())
      rec.cart.push_back({rs->getInt64(1), rs->getInt64(2), rs->getInt64(3), rs->getInt64(4),
                          rs->getInt64(5), rs->getInt64(6), rs->getInt64(7)});
  }
  {
    auto rs = query_with_ids(
        con,
        "SELECT u.id, u.user_id, u.coupon_id, u.status, " + millis_of("u.issued_at") + ", " +
            millis_of("u.expires_at") + ", COALESCE(" + millis_of("u.used_at") +
            ", 0), u.version, c.name, c.discount_type, c.discount_value FROM user_coupons u"
            " JOIN coupons c ON c.id = u.coupon_id WHERE u.user_id = ? ORDER BY u.id",
        {id});
    while (rs->next())
      rec.coupons.push_back({rs->getInt64(1), rs->getInt64(2), rs->getInt64(3),
                             coupon_status_of(rs->getString(4)), rs->getInt64(5), rs->getInt64(6),
                             rs->getInt64(7), rs->getInt64(8), rs->getString(9), rs->getString(10),
                             rs->getInt64(11)});
  }
  {
    // Keys only (the index holds them): a repeat of an older key reads its record then
    // (receipt_queries.hpp).
    auto rs = query_with_ids(con,
                             "SELECT idem_key, " + millis_of("created_at") +
                                 " FROM idempotency_keys WHERE user_id = ? AND created_at >= " +
                                 time_param + " ORDER BY created_at",
                             {id, receipts_since_ms});
    while (rs->next())
      rec.receipts.push_back(
          {idempotency_key_hash(rs->getString(1).asStdString()), rs->getInt64(2)});
  }
  return rec;
}

}  // namespace shop::persistence
