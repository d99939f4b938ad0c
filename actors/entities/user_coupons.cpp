// The coupon part of a user's actor: the coupons the user holds (US-014), kept here so that a
// payment can check and spend one in the same step as the debit (US-015).
#include <algorithm>

#include "actors/entities/coupon_campaign_actor.hpp"
#include "actors/entities/user_keys.hpp"
#include "actors/entities/user_state.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/rules/coupon.hpp"

namespace shop {
namespace {

using model::user_coupon_row;

bool passes(coupon_filter f, model::coupon_status status) {
  using model::coupon_status;
  switch (f) {
    case coupon_filter::available:
      return status == coupon_status::available;
    case coupon_filter::used:
      return status == coupon_status::used;
    case coupon_filter::expired:
      return status == coupon_status::expired;
    default:
      return true;
  }
}

}  // namespace

// Keeps the newest image of each coupon (the campaign's notice and a reload may both bring it).
void adopt_coupon(user_self self, const user_coupon_row& c) {
  for (auto& have : self->state.coupons)
    if (have.id == c.id) {
      if (c.version > have.version) have = c;
      return;
    }
  self->state.coupons.push_back(c);
}

std::vector<user_coupon_row> coupons_passing(user_self self, coupon_filter filter) {
  auto& st = self->state;
  st.life.touch();
  auto now = wall_clock_ms();
  std::vector<user_coupon_row> out;
  for (auto c : st.coupons) {
    c.status = rules::coupon_status_at(c, now);
    if (passes(filter, c.status)) out.push_back(std::move(c));
  }
  return out;
}

caf::result<user_coupon_row> issue_coupon(user_self self, std::int64_t coupon_id, std::string key) {
  self->state.life.touch();
  auto rp = self->make_response_promise();
  with_key<user_coupon_row>(self, std::move(key), "issue " + std::to_string(coupon_id), rp,
                            [self, coupon_id, rp](const receipt_ticket& kr) {
                              // The campaign commits the issue together with this request's record.
                              auto& st = self->state;
                              ask_entity<coupon_campaign_actor>(
                                  self, st.life, st.ctx->registry, coupon_id,
                                  [self, kr, rp](user_coupon_row& c) {
                                    adopt_coupon(self, c);
                                    settle_keyed(self, kr, c, rp);
                                  },
                                  [self, kr, rp](caf::error& e) { refuse_keyed(self, kr, e, rp); },
                                  issue_coupon_atom::value, st.row.id, kr);
                            });
  return rp;
}

}  // namespace shop
