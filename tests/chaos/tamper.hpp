// The audit's own check: `--tamper WHAT` changes the database behind the shop's back just before
// the last audit, the way a lost or invented write would look, so a run shows the audit reports
// it (and exits 1). Never part of a real plan.
#pragma once

#include <string>

#include "tests/chaos/ledger.hpp"
#include "tests/chaos/shop_world.hpp"

namespace shop::chaos {

// "balance", "order", "stock" or "coupon" (empty: none).
bool known_tamper(const std::string& what);

// Applies it; returns what it changed, one line.
std::string tamper(const std::string& what, const shop_world& w, const ledger& l);

}  // namespace shop::chaos
