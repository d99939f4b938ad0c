#include "tests/chaos/tamper.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "tests/support/test_database.hpp"

namespace shop::chaos {
namespace {

// The first acknowledged answer of this kind, with `field` read from its body.
std::int64_t first_acked(const ledger& l, op_kind kind, const char* field) {
  for (const auto& r : l.records()) {
    const auto res = resolve(r);
    if (r.kind != kind || res.what != verdict::applied) continue;
    const auto j = nlohmann::json::parse(res.answer->body, nullptr, false);
    if (j.is_object() && j.contains(field) && j[field].is_number_integer())
      return j[field].get<std::int64_t>();
  }
  throw std::runtime_error(std::string("--tamper: no acknowledged ") + name_of(kind) + " to use");
}

}  // namespace

bool known_tamper(const std::string& what) {
  return what == "balance" || what == "order" || what == "stock" || what == "coupon";
}

std::string tamper(const std::string& what, const shop_world& w, const ledger& l) {
  if (what == "balance") {
    const auto user = std::to_string(w.customers.front().id);
    test::execute("UPDATE users SET balance = balance - 1000 WHERE id = " + user);
    return "took 1000 from user " + user + "'s balance row";
  }
  if (what == "order") {
    const auto order = std::to_string(first_acked(l, op_kind::create_order, "orderId"));
    test::execute("DELETE FROM order_items WHERE order_id = " + order);
    test::execute("DELETE FROM orders WHERE id = " + order);
    return "deleted acknowledged order " + order;
  }
  if (what == "stock") {
    const auto option = std::to_string(w.options.front().id);
    test::execute("UPDATE product_options SET received = received + 1 WHERE id = " + option);
    return "added 1 to option " + option + "'s received stock";
  }
  if (what == "coupon") {
    const auto coupon = std::to_string(first_acked(l, op_kind::issue_coupon, "userCouponId"));
    test::execute("DELETE FROM user_coupons WHERE id = " + coupon);
    return "deleted acknowledged user coupon " + coupon;
  }
  return "nothing";
}

}  // namespace shop::chaos
