// The audit's checks, one per area (tests/chaos/audit.hpp says what each holds the shop to).
#pragma once

#include <vector>

#include "tests/chaos/audit_view.hpp"

namespace shop::chaos {

struct audit_input {
  const shop_world& world;
  const ledger& log;
  const audit_view& view;
  const shop_snapshot& shop;
  int cycle;
};

void check_money(const audit_input& in, std::vector<finding>& out);
void check_orders(const audit_input& in, std::vector<finding>& out);
void check_stock(const audit_input& in, std::vector<finding>& out);
void check_coupons(const audit_input& in, std::vector<finding>& out);
void check_answers(const audit_input& in, std::vector<finding>& out);

}  // namespace shop::chaos
