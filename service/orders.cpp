#include "service/orders.hpp"

#include "actors/entities/order_actor.hpp"
#include "actors/entities/user_actor.hpp"
#include "model/reader_protocol.hpp"

namespace shop::service {

using model::order_record;
using model::order_row;

void place_order(const shop_service& s, std::int64_t user_id, std::vector<order_line> lines,
                 std::string key, callback<order_record> done) {
  s.ask_entity<user_actor>(user_id, std::move(done), place_order_atom::value, std::move(lines),
                           std::move(key));
}

void pay_order(const shop_service& s, std::int64_t order_id, std::int64_t user_id,
               std::int64_t user_coupon_id, std::string key, callback<payment_receipt> done) {
  if (key.empty())  // straight to the order
    s.ask_entity<order_actor>(order_id, std::move(done), pay_atom::value, user_id, user_coupon_id,
                              receipt_ticket{});
  else  // the user's actor owns the user's keys
    s.ask_entity<user_actor>(user_id, std::move(done), pay_atom::value, order_id, user_coupon_id,
                             std::move(key));
}

void cancel_order(const shop_service& s, std::int64_t order_id, std::int64_t user_id,
                  std::string key, callback<order_row> done) {
  if (key.empty())
    s.ask_entity<order_actor>(order_id, std::move(done), cancel_atom::value, user_id,
                              receipt_ticket{});
  else
    s.ask_entity<user_actor>(user_id, std::move(done), cancel_atom::value, order_id,
                             std::move(key));
}

void order_detail(const shop_service& s, std::int64_t order_id, callback<order_record> done) {
  s.ask_entity<order_actor>(order_id, std::move(done), view_atom::value);
}

void list_orders(const shop_service& s, const model::order_query& q,
                 callback<model::order_page> done) {
  s.read(s.read_timeout, std::move(done), model::list_orders_atom::value, q);
}

void expire_overdue_orders(const shop_service& s, callback<std::int64_t> done) {
  s.ask<std::int64_t>(s.runtime().sweeper, caf::infinite, caf::make_message(sweep_atom::value),
                      std::move(done));
}

}  // namespace shop::service
