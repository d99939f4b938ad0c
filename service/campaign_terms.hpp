// A coupon campaign as an operator asks for it, and what the rules say of it: no actors, so the
// HTTP layer's checks run without a runtime (tests/fuzz links this, not the operations).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/rows.hpp"

namespace shop::service {

// A campaign as an operator asks for it; its id, counts and creation time are the shop's.
struct campaign_terms {
  std::string name;
  std::string discount_type;  // "RATE" or "AMOUNT"
  std::int64_t discount_value = 0;
  std::int64_t total_quantity = 0;
  std::int64_t starts_at_ms = 0;  // 0: issuing starts at once
  std::int64_t expires_at_ms = 0;
};

// What is wrong with a campaign of `t` created now (rules::campaign_problem), nullopt: nothing.
std::optional<std::string> campaign_problem(const campaign_terms& t);

// The new campaign's row, before it has an id: nothing issued yet, version 1.
model::coupon_row campaign_row(const campaign_terms& t, std::int64_t now_ms);

}  // namespace shop::service
