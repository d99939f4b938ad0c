// First-come coupons: campaigns (created by operators), issuing (US-013) and the coupons a user
// holds (US-014).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/campaign_terms.hpp"
#include "service/shop_service.hpp"

namespace shop::service {

// A new campaign with a new id, after commit       | INVALID_ARGUMENT when campaign_problem says so
void create_coupon(const shop_service& s, const campaign_terms& t,
                   callback<model::coupon_row> done);

// The campaign with its issued count                                     | COUPON_NOT_FOUND
void coupon_detail(const shop_service& s, std::int64_t coupon_id, callback<model::coupon_row> done);

// Issues one coupon of the campaign to the user, after commit. `key` is an Idempotency-Key ("":
// none). | COUPON_NOT_STARTED, EXPIRED_COUPON, COUPON_SOLD_OUT, ALREADY_ISSUED, USER_NOT_FOUND, ...
void issue_coupon(const shop_service& s, std::int64_t coupon_id, std::int64_t user_id,
                  std::string key, callback<model::user_coupon_row> done);

// The user's coupons that pass `filter`, with their status as of now.
void user_coupons(const shop_service& s, std::int64_t user_id, coupon_filter filter,
                  callback<std::vector<model::user_coupon_row>> done);

}  // namespace shop::service
