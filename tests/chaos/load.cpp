#include "tests/chaos/load.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/chaos/request_sender.hpp"
#include "tests/support/shop_requests.hpp"

namespace shop::chaos {
namespace {

using nlohmann::json;

template <class T>
T pick(std::mt19937& rng, const std::vector<T>& v) {
  return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

void erase_value(std::vector<std::int64_t>& v, std::int64_t x) {
  v.erase(std::remove(v.begin(), v.end(), x), v.end());
}

bool acked(const attempt& a) {
  return a.how == fate::answered && a.status >= 200 && a.status < 300;
}

// Not acted on, by the contract: the request can be tried again later as a new one.
bool turned_away(const attempt& a) {
  return a.how == fate::unsent || (a.how == fate::answered && a.status == 503);
}

std::int64_t id_in(const attempt& a, const char* field) {
  const auto j = json::parse(a.body, nullptr, false);
  if (!j.is_object() || !j.contains(field) || !j[field].is_number_integer()) return 0;
  return j[field].get<std::int64_t>();
}

request_record customer_request(const customer& c, op_kind kind, int cycle) {
  request_record r;
  r.cycle = cycle;
  r.kind = kind;
  r.user = c.id;
  r.token = c.token;
  r.method = "POST";
  return r;
}

}  // namespace

load_driver::load_driver(const shop_world& w, const test::node_fleet& fleet, ledger& l,
                         load_settings s)
    : world_(w), fleet_(fleet), ledger_(l), settings_(std::move(s)) {
  workers_.resize(static_cast<std::size_t>(settings_.threads));
  for (std::size_t t = 0; t < workers_.size(); ++t) {
    workers_[t].index = static_cast<int>(t);
    workers_[t].rng.seed(settings_.seed * 7919u + static_cast<unsigned>(t));
  }
  for (std::size_t i = 0; i < world_.customers.size(); ++i)
    workers_[i % workers_.size()].customers.push_back({&world_.customers[i], {}, {}, {}});
}

load_driver::~load_driver() {
  stop();
}

void load_driver::start(int cycle) {
  stopping_ = false;
  for (auto& w : workers_) threads_.emplace_back([this, &w, cycle] { run(w, cycle); });
}

void load_driver::stop() {
  stopping_ = true;
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

std::string load_driver::next_key(worker& w) {
  if (std::uniform_int_distribution<int>(0, 99)(w.rng) < settings_.unkeyed_percent) return "";
  return settings_.key_prefix + "-t" + std::to_string(w.index) + "-" + std::to_string(++w.sent);
}

void load_driver::send(worker& w, request_record& r) {
  const auto node = std::uniform_int_distribution<std::size_t>(0, fleet_.size() - 1)(w.rng);
  r.attempts.push_back(send_request(r, node, fleet_.port(node), settings_.request_timeout));
  const auto& a = r.attempts.back();
  // A node that is down or refusing: do not spin on it.
  if (turned_away(a)) std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

void load_driver::run(worker& w, int cycle) {
  // Weights of the operations, in the order of the switch below.
  std::discrete_distribution<int> op({20, 26, 26, 8, 14, 3, 2});
  while (!stopping_) {
    auto& c =
        w.customers[std::uniform_int_distribution<std::size_t>(0, w.customers.size() - 1)(w.rng)];
    switch (op(w.rng)) {
      case 0:
        charge(w, c, cycle);
        break;
      case 1:
        create_order(w, c, cycle);
        break;
      case 2:
        c.pending.empty() ? create_order(w, c, cycle) : pay(w, c, cycle);
        break;
      case 3:
        c.pending.empty() ? charge(w, c, cycle) : cancel(w, c, cycle);
        break;
      case 4:
        issue_coupon(w, c, cycle);
        break;
      case 5:
        c.paid.empty() ? charge(w, c, cycle) : pay_again(w, c, cycle);
        break;
      default:
        restock(w, cycle, pick(w.rng, world_.options).id);
        break;
    }
  }
}

void load_driver::charge(worker& w, customer_state& c, int cycle) {
  auto r = customer_request(*c.who, op_kind::charge, cycle);
  r.key = next_key(w);
  r.amount = 100 * std::uniform_int_distribution<std::int64_t>(50, 500)(w.rng);
  r.target = test::user_path(c.who->id, "/balance/charge");
  r.body = json{{"amount", r.amount}}.dump();
  send(w, r);
  ledger_.add(std::move(r));
}

void load_driver::create_order(worker& w, customer_state& c, int cycle) {
  auto r = customer_request(*c.who, op_kind::create_order, cycle);
  r.key = next_key(w);
  const int n_lines = std::uniform_int_distribution<int>(1, 2)(w.rng);
  json items = json::array();
  while (static_cast<int>(r.lines.size()) < n_lines) {
    const auto option = pick(w.rng, world_.options).id;
    if (r.lines.count(option)) continue;  // distinct options: the order's lines are these
    r.lines[option] = std::uniform_int_distribution<std::int64_t>(1, 3)(w.rng);
    items.push_back({{"productOptionId", option}, {"quantity", r.lines[option]}});
  }
  r.target = "/api/orders";
  r.body = json{{"userId", c.who->id}, {"items", items}}.dump();
  send(w, r);
  const auto& a = r.attempts.back();
  if (acked(a)) {
    if (const auto id = id_in(a, "orderId")) c.pending.push_back(id);
  } else if (a.how == fate::answered && a.code == "INSUFFICIENT_STOCK" &&
             std::uniform_int_distribution<int>(0, 2)(w.rng) == 0) {
    const auto short_option = r.lines.begin()->first;
    ledger_.add(std::move(r));
    restock(w, cycle, short_option);
    return;
  }
  ledger_.add(std::move(r));
}

void load_driver::pay(worker& w, customer_state& c, int cycle) {
  auto r = customer_request(*c.who, op_kind::pay, cycle);
  r.key = next_key(w);
  r.subject = pick(w.rng, c.pending);
  json body = {{"userId", c.who->id}};
  if (!c.coupons.empty() && std::uniform_int_distribution<int>(0, 1)(w.rng) == 0) {
    r.coupon = pick(w.rng, c.coupons);
    body["couponId"] = r.coupon;
  }
  r.target = test::order_path(r.subject, "/payment");
  r.body = body.dump();
  send(w, r);
  const auto& a = r.attempts.back();
  if (acked(a)) {
    erase_value(c.pending, r.subject);
    c.paid.push_back(r.subject);
    if (r.coupon) erase_value(c.coupons, r.coupon);
  } else if (a.how == fate::answered && (a.code == "EXPIRED_COUPON" || a.code == "ALREADY_USED" ||
                                         a.code == "INVALID_COUPON")) {
    erase_value(c.coupons, r.coupon);
  } else if (a.how == fate::answered && a.code == "INSUFFICIENT_BALANCE") {
    // The order keeps its holds: a charge and another try may follow.
  } else if (!turned_away(a)) {
    // Refused for the order's state, or no answer: the thread no longer knows this order.
    erase_value(c.pending, r.subject);
    if (r.coupon && a.how == fate::no_answer) erase_value(c.coupons, r.coupon);
  }
  ledger_.add(std::move(r));
}

void load_driver::cancel(worker& w, customer_state& c, int cycle) {
  auto r = customer_request(*c.who, op_kind::cancel, cycle);
  r.key = next_key(w);
  r.subject = pick(w.rng, c.pending);
  r.target = test::order_path(r.subject, "/cancel");
  r.body = json{{"userId", c.who->id}}.dump();
  send(w, r);
  if (!turned_away(r.attempts.back())) erase_value(c.pending, r.subject);
  ledger_.add(std::move(r));
}

void load_driver::issue_coupon(worker& w, customer_state& c, int cycle) {
  if (world_.open.empty()) return charge(w, c, cycle);
  auto r = customer_request(*c.who, op_kind::issue_coupon, cycle);
  r.key = next_key(w);
  r.subject = pick(w.rng, world_.open);
  r.target = "/api/coupons/" + std::to_string(r.subject) + "/issue";
  r.body = json{{"userId", c.who->id}}.dump();
  send(w, r);
  const auto& a = r.attempts.back();
  if (acked(a))
    if (const auto id = id_in(a, "userCouponId")) c.coupons.push_back(id);
  ledger_.add(std::move(r));
}

// A second payment of a paid order, under a new key: it must be refused (ORDER_ALREADY_PAID);
// the audit counts the payments acknowledged per order.
void load_driver::pay_again(worker& w, customer_state& c, int cycle) {
  auto r = customer_request(*c.who, op_kind::pay, cycle);
  r.key = next_key(w);
  r.subject = pick(w.rng, c.paid);
  r.target = test::order_path(r.subject, "/payment");
  r.body = json{{"userId", c.who->id}}.dump();
  send(w, r);
  ledger_.add(std::move(r));
}

void load_driver::restock(worker& w, int cycle, std::int64_t option) {
  request_record r;
  r.cycle = cycle;
  r.kind = op_kind::restock;
  r.method = "POST";
  r.subject = option;
  r.amount = std::uniform_int_distribution<std::int64_t>(10, 30)(w.rng);
  r.target = "/admin/product-options/" + std::to_string(option) + "/stock";
  r.body = json{{"delta", r.amount}}.dump();
  send(w, r);
  ledger_.add(std::move(r));
}

}  // namespace shop::chaos
