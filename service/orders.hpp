// Orders and payment (US-008..US-012, US-015): place, pay, cancel, read, a customer's history,
// and the operators' expiry sweep. A `key` is an Idempotency-Key ("" for none): the user's actor
// owns the user's keys, so a keyed request goes through it and a repeat answers the first reply.
#pragma once

#include <string>
#include <vector>

#include "model/order_query.hpp"
#include "service/shop_service.hpp"

namespace shop::service {

// A PENDING order holding its lines' stock, after commit; no lines: the whole cart
//          | EMPTY_ORDER, INVALID_QUANTITY, INSUFFICIENT_STOCK, OPTION_NOT_FOUND,
//          PRODUCT_UNAVAILABLE
void place_order(const shop_service& s, std::int64_t user_id, std::vector<order_line> lines,
                 std::string key, callback<model::order_record> done);

// Pays a PENDING order of `user_id` with the wallet and, when `user_coupon_id` is not 0, a coupon;
// after commit: the PAID order and the balance left
//          | ORDER_EXPIRED, ORDER_ALREADY_PAID, ORDER_CANCELLED, INSUFFICIENT_BALANCE, *_COUPON,
//          ...
void pay_order(const shop_service& s, std::int64_t order_id, std::int64_t user_id,
               std::int64_t user_coupon_id, std::string key, callback<payment_receipt> done);

// Cancels a PENDING order of `user_id`, giving its holds back, after commit (CANCELLED).
void cancel_order(const shop_service& s, std::int64_t order_id, std::int64_t user_id,
                  std::string key, callback<model::order_row> done);

// The order with its items                                               | ORDER_NOT_FOUND
void order_detail(const shop_service& s, std::int64_t order_id, callback<model::order_record> done);

// A page of a user's orders, newest first, from the database.
void list_orders(const shop_service& s, const model::order_query& q,
                 callback<model::order_page> done);

// Expires every PENDING order past its hold now; how many this run expired.
void expire_overdue_orders(const shop_service& s, callback<std::int64_t> done);

}  // namespace shop::service
