// Coupon rules: what a campaign may be, who may be issued one, what a held coupon's status is,
// whether it may pay for an order, and the discount it gives. Pure functions: no actors, no SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "actors/rules/outcome.hpp"
#include "model/rows.hpp"

namespace shop::rules {

constexpr std::int64_t max_coupon_quantity = 1'000'000'000;
constexpr std::int64_t max_amount_discount = 1'000'000'000'000;

// What is wrong with a campaign an admin wants to create (nullopt: nothing). RATE 1..100,
// AMOUNT 1..10^12, total 1..10^9, expiry after the start and after `now_ms`.
std::optional<std::string> campaign_problem(const model::coupon_row& c, std::int64_t now_ms);

// Why `holds_one` user may not be issued a coupon now, checked in the stories' order:
// COUPON_NOT_STARTED, EXPIRED_COUPON (campaign over), COUPON_SOLD_OUT, ALREADY_ISSUED.
std::optional<shop_error> issue_refusal(const model::coupon_row& c, bool holds_one,
                                        std::int64_t now_ms);

// The coupon's status at `now_ms`: used, expired (not used, past expiry) or available.
model::coupon_status coupon_status_at(const model::user_coupon_row& c, std::int64_t now_ms);

// Why `c` may not pay an order of `user_id` (US-015): INVALID_COUPON (none, or another user's),
// ALREADY_USED, EXPIRED_COUPON.
std::optional<shop_error> payment_refusal(const model::user_coupon_row* c, std::int64_t user_id,
                                          std::int64_t now_ms);

// API.md: RATE takes floor(total * rate / 100); AMOUNT takes min(value, total).
std::int64_t discount_of(const std::string& type, std::int64_t value, std::int64_t total);

}  // namespace shop::rules
