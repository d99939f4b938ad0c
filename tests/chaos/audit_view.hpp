// What the ledger says the shop must hold, derived once per audit from every request's
// resolution (tests/chaos/ledger.hpp): the acknowledged changes, and the requests in doubt (no
// answer, no key to ask again), whose effect the audit accepts either way.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "tests/chaos/findings.hpp"
#include "tests/chaos/ledger.hpp"
#include "tests/chaos/shop_snapshot.hpp"
#include "tests/chaos/shop_world.hpp"

namespace shop::chaos {

struct acked_order {
  const request_record* create = nullptr;
  std::int64_t total = 0;  // totalAmount of the 201
};

struct acked_payment {
  const request_record* pay = nullptr;
  std::int64_t paid = 0, discount = 0;  // paidAmount, discountAmount of the 200
};

struct audit_view {
  // money
  std::map<std::int64_t, std::int64_t> credited;  // user -> initial balance + acked charges
  std::map<std::int64_t, std::vector<std::int64_t>> doubtful_charges;
  // orders
  std::map<std::int64_t, acked_order> orders;                   // order id -> its acked creation
  std::map<std::int64_t, int> doubtful_creates;                 // user -> creations in doubt
  std::map<std::int64_t, std::vector<acked_payment>> payments;  // order -> acked payments
  std::set<std::int64_t> doubtful_payments;                     // orders
  std::map<std::int64_t, int> cancels;                          // order -> acked cancels
  std::set<std::int64_t> doubtful_cancels;
  // coupons
  std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> issued;  // (user, campaign) -> id
  std::set<std::pair<std::int64_t, std::int64_t>> doubtful_issues;
  std::set<std::int64_t> told_sold_out;  // campaigns
  // stock
  std::map<std::int64_t, std::int64_t> received;  // option -> initial stock + acked restocks
  std::map<std::int64_t, std::vector<std::int64_t>> doubtful_restocks;
};

// Answers that should carry an id and do not are findings (the audit cannot follow them).
audit_view view_of(const shop_world& w, const ledger& l, int cycle, std::vector<finding>& out);

// Whether some of `parts` (each used at most once) add up to exactly `target`.
bool subset_sum_reaches(const std::vector<std::int64_t>& parts, std::int64_t target);

}  // namespace shop::chaos
