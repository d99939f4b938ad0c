// The coupon part of a user's actor: the coupons the user holds (US-014), kept here so that a
// payment can check and spend one in the same step as the debit (US-015).
#include <algorithm>

#include "actors/hosting/clock.hpp"
#include "actors/rules/coupon.hpp"
#include "actors/entities/user_keys.hpp"
#include "actors/entities/user_state.hpp"

namespace shop {
namespace {

using model::user_coupon_row;

bool passes(coupon_filter f, const std::string& status) {
  switch (f) {
    case coupon_filter::available:
      return status == "AVAILABLE";
    case coupon_filter::used:
      return status == "USED";
    case coupon_filter::expired:
      return status == "EXPIRED";
    default:
      return true;
  }
}

// Keeps the newest image of each coupon (the campaign's notice and a reload may both bring it).
void adopt(user_state& st, const user_coupon_row& c) {
  for (auto& have : st.coupons)
    if (have.id == c.id) {
      if (c.version > have.version) have = c;
      return;
    }
  st.coupons.push_back(c);
}

}  // namespace

caf::message_handler coupon_handlers(user_actor* self) {
  return {
      [=](user_coupons_atom, std::uint8_t filter) {
        auto& st = self->state;
        st.life.touch();
        auto now = wall_clock_ms();
        std::vector<user_coupon_row> out;
        for (auto c : st.coupons) {
          c.status = rules::coupon_status(c, now);
          if (passes(static_cast<coupon_filter>(filter), c.status)) out.push_back(std::move(c));
        }
        return out;
      },
      [=](coupon_issued_atom, const user_coupon_row& c) { adopt(self->state, c); },
      [=](issue_coupon_atom, std::int64_t coupon_id,
          std::string& key) -> caf::result<user_coupon_row> {
        self->state.life.touch();
        auto rp = self->make_response_promise();
        with_key<user_coupon_row>(
            self, std::move(key), "issue " + std::to_string(coupon_id), rp,
            [self, coupon_id, rp](const keyed_request& kr) {
              // The campaign commits the issue together with this request's record.
              auto k = key_of(entity_kind::coupon, coupon_id);
              ask_in_exchange<user_coupon_row>(
                  self, self->state.life, self->state.ctx.registry.shard_for(k),
                  entity_registry::routed(k, issue_coupon_atom::value, self->state.row.id, kr),
                  [self, kr, rp](user_coupon_row& c) {
                    adopt(self->state, c);
                    settle_keyed(self, kr, c, rp);
                  },
                  [self, kr, rp](caf::error& e) { refuse_keyed(self, kr, e, rp); });
            });
        return rp;
      },
  };
}

}  // namespace shop
