#include "tests/chaos/audit.hpp"

#include "tests/chaos/audit_checks.hpp"

namespace shop::chaos {

std::vector<finding> audit(const shop_world& w, const ledger& l, const shop_snapshot& s,
                           int cycle) {
  std::vector<finding> out;
  for (const auto& p : s.problems) out.push_back({cycle, "read", p});
  const auto view = view_of(w, l, cycle, out);
  const audit_input in{w, l, view, s, cycle};
  check_money(in, out);
  check_orders(in, out);
  check_stock(in, out);
  check_coupons(in, out);
  check_answers(in, out);
  return out;
}

}  // namespace shop::chaos
