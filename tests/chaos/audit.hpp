// The audit: the database (and what the nodes serve) against everything the ledger says was
// acknowledged. Checks, one file each:
//   money    (audit_money.cpp)   balance = initial + acked charges - paid amounts, live = row;
//   orders   (audit_orders.cpp)  every acked order, payment and cancel is there; no order the
//                                answers do not account for; none paid twice;
//   stock    (audit_stock.cpp)   received = stock + held + sold; held = units of PENDING orders;
//   coupons  (audit_coupons.cpp) issued <= total, one per user, each acked issue there, each used
//                                coupon paid for once;
//   answers  (audit_answers.cpp) no 5xx but 503, every answer to a key the same, every acked
//                                keyed request's record stored.
// A request in doubt (no answer, no key) may or may not have acted: each check accepts both.
#pragma once

#include <vector>

#include "tests/chaos/findings.hpp"
#include "tests/chaos/ledger.hpp"
#include "tests/chaos/shop_snapshot.hpp"
#include "tests/chaos/shop_world.hpp"

namespace shop::chaos {

std::vector<finding> audit(const shop_world& w, const ledger& l, const shop_snapshot& s, int cycle);

}  // namespace shop::chaos
