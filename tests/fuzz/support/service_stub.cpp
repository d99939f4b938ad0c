#include "tests/fuzz/support/service_stub.hpp"

#include <atomic>

#include "actors/shop_error.hpp"
#include "service/cart.hpp"
#include "service/catalog.hpp"
#include "service/cluster.hpp"
#include "service/coupons.hpp"
#include "service/health.hpp"
#include "service/operations.hpp"
#include "service/orders.hpp"
#include "service/popularity.hpp"
#include "service/users.hpp"

namespace shop::fuzz {
namespace {

std::atomic<std::uint64_t> calls{0};

}  // namespace

std::uint64_t service_calls() {
  return calls.load(std::memory_order_relaxed);
}

}  // namespace shop::fuzz

// Each operation answers at once, as an unreachable runtime would: the handler's error path runs.
namespace shop::service {
namespace {

template <class T>
void answer(callback<T>& done) {
  fuzz::calls.fetch_add(1, std::memory_order_relaxed);
  done(make_error(shop_error::unavailable));
}

}  // namespace

void add_to_cart(const shop_service&, std::int64_t, std::int64_t, std::int64_t,
                 callback<model::cart_item_row> done) {
  answer(done);
}

void view_cart(const shop_service&, std::int64_t, callback<cart_view> done) {
  answer(done);
}

void remove_from_cart(const shop_service&, std::int64_t, std::int64_t,
                      callback<caf::ok_atom> done) {
  answer(done);
}

void list_products(const shop_service&, const model::product_query&,
                   callback<model::product_page> done) {
  answer(done);
}

void product_detail(const shop_service&, std::int64_t, callback<product_view> done) {
  answer(done);
}

void create_product(const shop_service&, product_draft, callback<product_view> done) {
  answer(done);
}

void update_product(const shop_service&, std::int64_t, const product_changes&,
                    callback<product_view> done) {
  answer(done);
}

void adjust_stock(const shop_service&, std::int64_t, std::int64_t,
                  callback<model::option_row> done) {
  answer(done);
}

void cluster_view_now(const shop_service&, const node_settings&,
                      callback<model::cluster_view> done) {
  answer(done);
}

void create_coupon(const shop_service&, const campaign_terms&, callback<model::coupon_row> done) {
  answer(done);
}

void coupon_detail(const shop_service&, std::int64_t, callback<model::coupon_row> done) {
  answer(done);
}

void issue_coupon(const shop_service&, std::int64_t, std::int64_t, std::string,
                  callback<model::user_coupon_row> done) {
  answer(done);
}

void user_coupons(const shop_service&, std::int64_t, coupon_filter,
                  callback<std::vector<model::user_coupon_row>> done) {
  answer(done);
}

void database_ready(const shop_service&, callback<caf::ok_atom> done) {
  answer(done);
}

void operator_gauges_now(const shop_service&, callback<operator_gauges> done) {
  answer(done);
}

void live_actors(const shop_service&, entity_kind, std::int64_t,
                 callback<std::vector<entity_report>> done) {
  answer(done);
}

void inspect_actor(const shop_service&, const entity_key&, bool, callback<entity_report> done) {
  answer(done);
}

void place_order(const shop_service&, std::int64_t, std::vector<order_line>, std::string,
                 callback<model::order_record> done) {
  answer(done);
}

void pay_order(const shop_service&, std::int64_t, std::int64_t, std::int64_t, std::string,
               callback<payment_receipt> done) {
  answer(done);
}

void cancel_order(const shop_service&, std::int64_t, std::int64_t, std::string,
                  callback<model::order_row> done) {
  answer(done);
}

void order_detail(const shop_service&, std::int64_t, callback<model::order_record> done) {
  answer(done);
}

void list_orders(const shop_service&, const model::order_query&, callback<model::order_page> done) {
  answer(done);
}

void expire_overdue_orders(const shop_service&, callback<std::int64_t> done) {
  answer(done);
}

void top_products(const shop_service&, callback<model::popularity_snapshot> done) {
  answer(done);
}

void run_popularity_snapshot(const shop_service&, std::int64_t,
                             callback<model::popularity_snapshot> done) {
  answer(done);
}

void create_user(const shop_service&, std::string, std::int64_t, callback<model::user_row> done) {
  answer(done);
}

void user_detail(const shop_service&, std::int64_t, callback<model::user_row> done) {
  answer(done);
}

void charge(const shop_service&, std::int64_t, std::int64_t, std::string,
            callback<model::user_row> done) {
  answer(done);
}

}  // namespace shop::service
