// Orders: every acknowledged creation is there with its user, total and lines; every
// acknowledged payment left its order PAID with the amounts it answered, every acknowledged
// cancel left it CANCELLED; an order is PAID (CANCELLED) only if a payment (cancel) of it was
// acknowledged or is in doubt, and paid once; an order no answer accounts for exists only if a
// creation of its customer is in doubt, and nobody paid or cancelled it.
#include <string>

#include "tests/chaos/audit_checks.hpp"

namespace shop::chaos {
namespace {

std::string lines_text(const std::map<std::int64_t, std::int64_t>& lines) {
  std::string s;
  for (const auto& [option, qty] : lines)
    s += (s.empty() ? "" : ", ") + std::to_string(qty) + " x option " + std::to_string(option);
  return "[" + s + "]";
}

std::string order_text(std::int64_t id) {
  return "order " + std::to_string(id);
}

std::string key_text(const request_record& r) {
  return r.key.empty() ? "without key" : "key " + r.key;
}

}  // namespace

void check_orders(const audit_input& in, std::vector<finding>& out) {
  const auto& v = in.view;
  const auto& rows = in.shop.orders;
  const auto add = [&](const char* check, std::string text) {
    out.push_back({in.cycle, check, std::move(text)});
  };

  for (const auto& [id, acked] : v.orders) {
    const auto row = rows.find(id);
    const auto& r = *acked.create;
    if (row == rows.end()) {
      add("lost order", order_text(id) + " of user " + std::to_string(r.user) + " (created, " +
                            key_text(r) + ", cycle " + std::to_string(r.cycle) + ") has no row");
      continue;
    }
    const auto& o = row->second;
    if (o.user != r.user || o.total != acked.total || o.items != r.lines)
      add("order content", order_text(id) + ": row has user " + std::to_string(o.user) +
                               ", total " + std::to_string(o.total) + ", " + lines_text(o.items) +
                               "; the 201 said user " + std::to_string(r.user) + ", total " +
                               std::to_string(acked.total) + ", " + lines_text(r.lines));
  }

  std::map<std::int64_t, std::vector<std::int64_t>> untold;  // user -> orders no 201 names
  for (const auto& [id, o] : rows) {
    if (!v.orders.count(id)) untold[o.user].push_back(id);
    const bool pay_known = v.payments.count(id) || v.doubtful_payments.count(id);
    const bool cancel_known = v.cancels.count(id) || v.doubtful_cancels.count(id);
    if (o.status == "PAID" && !pay_known)
      add("unacked payment", order_text(id) +
                                 " is PAID, but no payment of it was acknowledged "
                                 "or is in doubt");
    if (o.status == "CANCELLED" && !cancel_known)
      add("unacked cancel", order_text(id) +
                                " is CANCELLED, but no cancel of it was "
                                "acknowledged or is in doubt");
    if (o.status == "PAID" && (!o.has_paid_at || o.paid != o.total - o.discount || o.paid < 0))
      add("order row", order_text(id) + ": PAID with total " + std::to_string(o.total) +
                           ", discount " + std::to_string(o.discount) + ", paid " +
                           std::to_string(o.paid) + (o.has_paid_at ? "" : ", no paid_at"));
    if (o.status != "PAID" && o.has_paid_at)
      add("order row", order_text(id) + ": " + o.status + " with a paid_at");
  }
  for (const auto& [user, ids] : untold) {
    const auto doubt = v.doubtful_creates.count(user) ? v.doubtful_creates.at(user) : 0;
    if (static_cast<int>(ids.size()) <= doubt) continue;
    std::string list;
    for (const auto id : ids) list += " " + std::to_string(id);
    add("untold order", "user " + std::to_string(user) + " has " + std::to_string(ids.size()) +
                            " order(s) no acknowledged creation names (" + list.substr(1) +
                            "), with " + std::to_string(doubt) + " creation(s) in doubt");
  }

  for (const auto& [id, pays] : v.payments) {
    if (pays.size() > 1) {
      std::string keys;
      for (const auto& p : pays) keys += " " + key_text(*p.pay);
      add("paid twice", order_text(id) + ": " + std::to_string(pays.size()) +
                            " payments acknowledged (" + keys.substr(1) + ")");
    }
    const auto row = rows.find(id);
    if (row == rows.end()) continue;  // a lost order, reported above (or never created: a 404)
    const auto& o = row->second;
    const auto& p = pays.front();
    if (o.status != "PAID") {
      add("lost payment", order_text(id) + ": payment acknowledged (" + key_text(*p.pay) +
                              ", cycle " + std::to_string(p.pay->cycle) + "), row is " + o.status);
      continue;
    }
    if (o.paid != p.paid || o.discount != p.discount || o.user_coupon != p.pay->coupon)
      add("payment content",
          order_text(id) + ": row paid " + std::to_string(o.paid) + ", discount " +
              std::to_string(o.discount) + ", coupon " + std::to_string(o.user_coupon) +
              "; the 200 said paid " + std::to_string(p.paid) + ", discount " +
              std::to_string(p.discount) + ", coupon " + std::to_string(p.pay->coupon));
  }
  for (const auto& [id, n] : v.cancels) {
    const auto row = rows.find(id);
    if (row == rows.end()) continue;
    if (row->second.status != "CANCELLED")
      add("lost cancel", order_text(id) + ": cancel acknowledged, row is " + row->second.status);
    if (v.payments.count(id))
      add("paid and cancelled", order_text(id) + ": both a payment and a cancel acknowledged");
  }
}

}  // namespace shop::chaos
