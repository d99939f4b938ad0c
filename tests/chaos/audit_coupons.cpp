// Coupons: per campaign, issued <= total and the count matches its rows, one coupon per user,
// a campaign that answered COUPON_SOLD_OUT is sold out; every acknowledged issue is there and
// every coupon there was acknowledged or is in doubt; a coupon is USED exactly when one PAID
// order of its holder names it.
#include <set>

#include "tests/chaos/audit_checks.hpp"

namespace shop::chaos {

void check_coupons(const audit_input& in, std::vector<finding>& out) {
  const auto& v = in.view;
  const auto& held = in.shop.user_coupons;
  const auto add = [&](const char* check, std::string text) {
    out.push_back({in.cycle, check, std::move(text)});
  };

  for (const auto& c : in.world.campaigns) {
    const auto name = "campaign " + std::to_string(c.id);
    const auto row = in.shop.campaigns.find(c.id);
    if (row == in.shop.campaigns.end()) {
      add("lost campaign", name + " has no row");
      continue;
    }
    std::int64_t rows = 0;
    std::set<std::int64_t> users;
    for (const auto& [id, uc] : held)
      if (uc.campaign == c.id) {
        ++rows;
        if (!users.insert(uc.user).second)
          add("coupon twice", name + ": user " + std::to_string(uc.user) + " holds two");
      }
    const auto& r = row->second;
    if (r.issued > r.total)
      add("coupons over total",
          name + ": issued " + std::to_string(r.issued) + " of " + std::to_string(r.total));
    if (rows != r.issued)
      add("issued count", name + ": issued_quantity " + std::to_string(r.issued) + ", " +
                              std::to_string(rows) + " user coupons");
    if (v.told_sold_out.count(c.id) && r.issued < r.total)
      add("sold out", name + " answered COUPON_SOLD_OUT, but issued " + std::to_string(r.issued) +
                          " of " + std::to_string(r.total));
  }

  for (const auto& [who, id] : v.issued) {
    const auto it = held.find(id);
    if (it == held.end() || it->second.user != who.first || it->second.campaign != who.second)
      add("lost coupon", "user coupon " + std::to_string(id) + " (user " +
                             std::to_string(who.first) + ", campaign " +
                             std::to_string(who.second) + ") acknowledged, not in the database");
  }
  for (const auto& [id, uc] : held) {
    const auto key = std::make_pair(uc.user, uc.campaign);
    const auto acked = v.issued.find(key);
    const bool told = acked != v.issued.end() && acked->second == id;
    if (!told && !v.doubtful_issues.count(key))
      add("untold coupon", "user coupon " + std::to_string(id) + " of user " +
                               std::to_string(uc.user) + ", campaign " +
                               std::to_string(uc.campaign) +
                               ": no acknowledged issue names it and none is in doubt");
  }

  std::map<std::int64_t, std::vector<std::int64_t>> spent;  // user coupon -> PAID orders naming it
  for (const auto& [id, o] : in.shop.orders)
    if (o.status == "PAID" && o.user_coupon != 0) spent[o.user_coupon].push_back(id);
  for (const auto& [coupon, orders] : spent) {
    const auto name = "user coupon " + std::to_string(coupon);
    if (orders.size() > 1)
      add("coupon spent twice",
          name + " is named by " + std::to_string(orders.size()) + " PAID orders");
    const auto it = held.find(coupon);
    const auto& o = in.shop.orders.at(orders.front());
    if (it == held.end() || it->second.status != "USED" || it->second.user != o.user)
      add("coupon state", name + ": PAID order " + std::to_string(o.id) + " names it, but it is " +
                              (it == held.end() ? std::string("missing")
                                                : it->second.status + " of user " +
                                                      std::to_string(it->second.user)));
  }
  for (const auto& [id, uc] : held)
    if (uc.status == "USED" && !spent.count(id))
      add("coupon state", "user coupon " + std::to_string(id) + " is USED, no PAID order names it");
}

}  // namespace shop::chaos
