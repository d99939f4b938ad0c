// Order reads: the load that activates an order's actor, a customer's order history (US-012),
// the PENDING orders past their hold (the expiry sweep) and the paid orders still to deliver.
#pragma once

#include <cppconn/connection.h>

#include <caf/meta/type_name.hpp>
#include <caf/optional.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "persistence/rows.hpp"

namespace shop::persistence {

struct order_query {
  std::int64_t user_id = 0;
  std::string status;  // empty: any
  std::int64_t page = 0;
  std::int64_t size = 20;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_query& x) {
  return f(caf::meta::type_name("order_query"), x.user_id, x.status, x.page, x.size);
}

struct order_page {
  std::vector<order_record> items;  // newest first
  std::int64_t total = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_page& x) {
  return f(caf::meta::type_name("order_page"), x.items, x.total);
}

caf::optional<order_record> load_order(sql::Connection& con, std::int64_t id);

order_page list_user_orders(sql::Connection& con, const order_query& q);

// Ids of PENDING orders whose hold ended before `now_ms`, oldest first, at most `limit`.
std::vector<std::int64_t> overdue_orders(sql::Connection& con, std::int64_t now_ms,
                                         std::int64_t limit);

// Paid orders in the outbox (not yet delivered) with an id above `after_id`, oldest first, at most
// `limit`.
std::vector<order_record> undelivered_orders(sql::Connection& con, std::int64_t after_id,
                                             std::int64_t limit);

}  // namespace shop::persistence
