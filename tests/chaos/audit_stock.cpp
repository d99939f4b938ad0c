// Stock: for each option, the row's `received` is the initial stock plus the acknowledged
// restocks (give or take restocks in doubt), and what the option serves adds up:
// received = stock + held + sold, held = units of PENDING orders, sold = units of PAID orders =
// the sales totals.
#include "tests/chaos/audit_checks.hpp"

namespace shop::chaos {

void check_stock(const audit_input& in, std::vector<finding>& out) {
  for (const auto& item : in.world.options) {
    const auto name = "option " + std::to_string(item.id);
    const auto it = in.shop.options.find(item.id);
    if (it == in.shop.options.end()) {
      out.push_back({in.cycle, "lost option", name + " has no row"});
      continue;
    }
    const auto& f = it->second;
    const auto want = in.view.received.at(item.id);
    const auto doubt = in.view.doubtful_restocks.find(item.id);
    const std::vector<std::int64_t> none;
    if (!subset_sum_reaches(doubt == in.view.doubtful_restocks.end() ? none : doubt->second,
                            f.received - want))
      out.push_back({in.cycle, "stock received",
                     name + ": received " + std::to_string(f.received) +
                         ", want initial + acked restocks " + std::to_string(want)});
    if (f.sales != f.sold)
      out.push_back({in.cycle, "sales totals",
                     name + ": option_sales adds up to " + std::to_string(f.sales) +
                         ", PAID orders hold " + std::to_string(f.sold) + " units"});
    if (f.live_stock < 0 || f.live_reserved < 0) continue;  // not served: a read problem
    if (f.live_stock + f.live_reserved + f.sold != f.received)
      out.push_back({in.cycle, "stock",
                     name + ": received " + std::to_string(f.received) + " != stock " +
                         std::to_string(f.live_stock) + " + held " +
                         std::to_string(f.live_reserved) + " + sold " + std::to_string(f.sold)});
    if (f.live_reserved != f.held)
      out.push_back({in.cycle, "held stock",
                     name + ": reservedStock " + std::to_string(f.live_reserved) +
                         ", PENDING orders hold " + std::to_string(f.held) + " (the row says " +
                         std::to_string(f.stored_reserved) + ", the option's actor on " +
                         f.actor_node + " " + std::to_string(f.actor_reserved) + ")"});
  }
}

}  // namespace shop::chaos
