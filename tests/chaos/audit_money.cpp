// Money: each customer's balance is the initial balance plus the acknowledged charges minus what
// the PAID orders took, give or take charges in doubt; the live balance is the committed one.
#include <numeric>

#include "tests/chaos/audit_checks.hpp"

namespace shop::chaos {

void check_money(const audit_input& in, std::vector<finding>& out) {
  std::map<std::int64_t, std::int64_t> paid;
  for (const auto& [id, o] : in.shop.orders)
    if (o.status == "PAID") paid[o.user] += o.paid;
  for (const auto& c : in.world.customers) {
    const auto row = in.shop.balance.find(c.id);
    if (row == in.shop.balance.end()) {
      out.push_back({in.cycle, "lost user", "user " + std::to_string(c.id) + " has no row"});
      continue;
    }
    const auto balance = row->second;
    const auto credited = in.view.credited.at(c.id);
    const auto want = credited - paid[c.id];
    const auto doubt_it = in.view.doubtful_charges.find(c.id);
    const std::vector<std::int64_t> none;
    const auto& doubtful = doubt_it == in.view.doubtful_charges.end() ? none : doubt_it->second;
    if (!subset_sum_reaches(doubtful, balance - want)) {
      const auto in_doubt = std::accumulate(doubtful.begin(), doubtful.end(), std::int64_t{0});
      out.push_back({in.cycle, "money",
                     "user " + std::to_string(c.id) + ": balance " + std::to_string(balance) +
                         ", want initial + acked charges " + std::to_string(credited) + " - paid " +
                         std::to_string(paid[c.id]) + " = " + std::to_string(want) +
                         " (plus any of " + std::to_string(doubtful.size()) +
                         " charges in doubt, " + std::to_string(in_doubt) +
                         " in all): " + std::to_string(balance - want) + " off"});
    }
    if (balance < 0)
      out.push_back({in.cycle, "money",
                     "user " + std::to_string(c.id) + ": balance " + std::to_string(balance)});
    const auto live = in.shop.live_balance.find(c.id);
    if (live != in.shop.live_balance.end() && live->second != balance)
      out.push_back({in.cycle, "live balance",
                     "user " + std::to_string(c.id) + ": served " + std::to_string(live->second) +
                         ", committed " + std::to_string(balance)});
  }
}

}  // namespace shop::chaos
