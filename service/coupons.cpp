#include "service/coupons.hpp"

#include "actors/entities/coupon_campaign_actor.hpp"
#include "actors/entities/user_actor.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/rules/coupon.hpp"
#include "actors/shop_error.hpp"

namespace shop::service {

using model::coupon_row;
using model::user_coupon_row;

void create_coupon(const shop_service& s, const campaign_terms& t, callback<coupon_row> done) {
  auto now = wall_clock_ms();
  auto row = campaign_row(t, now);
  if (rules::campaign_problem(row, now)) return done(make_error(shop_error::invalid_argument));
  s.create_entity<coupon_campaign_actor>(model::table_id::coupons, std::move(row), std::move(done));
}

void coupon_detail(const shop_service& s, std::int64_t coupon_id, callback<coupon_row> done) {
  s.ask_entity<coupon_campaign_actor>(coupon_id, std::move(done), view_atom::value);
}

void issue_coupon(const shop_service& s, std::int64_t coupon_id, std::int64_t user_id,
                  std::string key, callback<user_coupon_row> done) {
  if (key.empty())  // straight to the campaign
    s.ask_entity<coupon_campaign_actor>(coupon_id, std::move(done), issue_coupon_atom::value,
                                        user_id, receipt_ticket{});
  else  // the user's actor owns the user's keys
    s.ask_entity<user_actor>(user_id, std::move(done), issue_coupon_atom::value, coupon_id,
                             std::move(key));
}

void user_coupons(const shop_service& s, std::int64_t user_id, coupon_filter filter,
                  callback<std::vector<user_coupon_row>> done) {
  s.ask_entity<user_actor>(user_id, std::move(done), user_coupons_atom::value,
                           static_cast<std::uint8_t>(filter));
}

}  // namespace shop::service
