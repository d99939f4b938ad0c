// Order reads: the load that activates an order's actor, a customer's order history (US-012),
// the PENDING orders past their hold (the expiry sweep) and the paid orders still to deliver.
#pragma once

#include <cppconn/connection.h>

#include <caf/optional.hpp>
#include <cstdint>
#include <vector>

#include "model/order_query.hpp"
#include "model/rows.hpp"

namespace shop::persistence {

// Persistence stores and loads the values of model/.
using namespace model;

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
