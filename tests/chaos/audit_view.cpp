#include "tests/chaos/audit_view.hpp"

#include <nlohmann/json.hpp>
#include <numeric>
#include <set>

namespace shop::chaos {
namespace {

using nlohmann::json;

std::int64_t field(const attempt& a, const char* name) {
  const auto j = json::parse(a.body, nullptr, false);
  if (!j.is_object() || !j.contains(name) || !j[name].is_number_integer()) return -1;
  return j[name].get<std::int64_t>();
}

}  // namespace

bool subset_sum_reaches(const std::vector<std::int64_t>& parts, std::int64_t target) {
  if (target == 0) return true;
  if (target < 0) return false;
  // The sums reachable so far; the parts are few (requests in doubt), so the set stays small.
  std::set<std::int64_t> reach{0};
  for (const auto p : parts) {
    std::set<std::int64_t> next = reach;
    for (const auto s : reach)
      if (s + p <= target) next.insert(s + p);
    reach.swap(next);
    if (reach.count(target)) return true;
  }
  return false;
}

audit_view view_of(const shop_world& w, const ledger& l, int cycle, std::vector<finding>& out) {
  audit_view v;
  for (const auto& c : w.customers) v.credited[c.id] = c.initial_balance;
  for (const auto& o : w.options) v.received[o.id] = o.initial_stock;
  for (const auto& r : l.records()) {
    const auto res = resolve(r);
    const bool applied = res.what == verdict::applied;
    const bool doubt = res.what == verdict::in_doubt;
    const auto unreadable = [&](const char* what) {
      out.push_back({cycle, "unreadable answer",
                     std::string(name_of(r.kind)) + " " + r.target + " acknowledged without " +
                         what + ": " + res.answer->body});
    };
    switch (r.kind) {
      case op_kind::charge:
        if (applied) v.credited[r.user] += r.amount;
        if (doubt) v.doubtful_charges[r.user].push_back(r.amount);
        break;
      case op_kind::create_order:
        if (applied) {
          const auto id = field(*res.answer, "orderId");
          if (id <= 0)
            unreadable("orderId");
          else
            v.orders[id] = {&r, field(*res.answer, "totalAmount")};
        }
        if (doubt) ++v.doubtful_creates[r.user];
        break;
      case op_kind::pay:
        if (applied)
          v.payments[r.subject].push_back(
              {&r, field(*res.answer, "paidAmount"), field(*res.answer, "discountAmount")});
        if (doubt) v.doubtful_payments.insert(r.subject);
        break;
      case op_kind::cancel:
        if (applied) ++v.cancels[r.subject];
        if (doubt) v.doubtful_cancels.insert(r.subject);
        break;
      case op_kind::issue_coupon:
        if (applied) {
          const auto id = field(*res.answer, "userCouponId");
          if (id <= 0)
            unreadable("userCouponId");
          else
            v.issued[{r.user, r.subject}] = id;
        }
        if (doubt) v.doubtful_issues.insert({r.user, r.subject});
        if (res.answer && res.answer->code == "COUPON_SOLD_OUT") v.told_sold_out.insert(r.subject);
        break;
      case op_kind::restock:
        if (applied) v.received[r.subject] += r.amount;
        if (doubt) v.doubtful_restocks[r.subject].push_back(r.amount);
        break;
    }
  }
  return v;
}

}  // namespace shop::chaos
