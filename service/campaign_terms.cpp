#include "service/campaign_terms.hpp"

#include "actors/hosting/clock.hpp"
#include "actors/rules/coupon.hpp"

namespace shop::service {

model::coupon_row campaign_row(const campaign_terms& t, std::int64_t now_ms) {
  model::coupon_row row;
  row.name = t.name;
  row.discount_type = t.discount_type;
  row.discount_value = t.discount_value;
  row.total_quantity = t.total_quantity;
  row.starts_at_ms = t.starts_at_ms;
  row.expires_at_ms = t.expires_at_ms;
  row.created_at_ms = now_ms;
  row.version = 1;
  return row;
}

std::optional<std::string> campaign_problem(const campaign_terms& t) {
  auto now = wall_clock_ms();
  return rules::campaign_problem(campaign_row(t, now), now);
}

}  // namespace shop::service
