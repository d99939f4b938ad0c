#include "tests/chaos/shop_snapshot.hpp"

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "tests/support/http_client.hpp"
#include "tests/support/shop_requests.hpp"
#include "tests/support/test_database.hpp"
#include "tests/support/wait_until.hpp"

namespace shop::chaos {
namespace {

using nlohmann::json;

template <class T, class F>
std::string id_list(const std::vector<T>& v, F id_of) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + std::to_string(id_of(x));
  return s.empty() ? "0" : s;
}

class reader {
 public:
  reader() : con_(test::test_connection()), st_(con_->createStatement()) {}
  template <class F>
  void rows(const std::string& sql, F each) {
    std::unique_ptr<sql::ResultSet> rs(st_->executeQuery(sql));
    while (rs->next()) each(*rs);
  }

 private:
  std::unique_ptr<sql::Connection> con_;
  std::unique_ptr<sql::Statement> st_;
};

// shop_journal_queue_depth as GET /metrics shows it; -1 when it cannot be read.
long journal_depth(unsigned short port) {
  try {
    const auto r = test::http_call(port, "GET", "/metrics", "", {}, std::chrono::seconds(5));
    std::istringstream in(r.body);
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("shop_journal_queue_depth ", 0) == 0) return std::stol(line.substr(25));
  } catch (const std::exception&) {
  }
  return -1;
}

struct db_part {
  std::map<std::int64_t, std::int64_t> balance;
  std::map<std::int64_t, order_row> orders;
  std::map<std::int64_t, option_figures> options;
  std::map<std::int64_t, campaign_row> campaigns;
  std::map<std::int64_t, user_coupon_row> user_coupons;
  std::set<std::pair<std::int64_t, std::string>> keys;
};

db_part read_database(const shop_world& w) {
  reader db;
  db_part p;
  const auto users = id_list(w.customers, [](const customer& c) { return c.id; });
  const auto options = id_list(w.options, [](const stock_item& o) { return o.id; });
  const auto campaigns = id_list(w.campaigns, [](const campaign& c) { return c.id; });
  db.rows("SELECT id, balance FROM users WHERE id IN (" + users + ")",
          [&](sql::ResultSet& r) { p.balance[r.getInt64(1)] = r.getInt64(2); });
  db.rows(
      "SELECT id, user_id, status, total_amount, discount_amount, paid_amount,"
      " COALESCE(user_coupon_id, 0), paid_at IS NOT NULL FROM orders WHERE user_id IN (" +
          users + ")",
      [&](sql::ResultSet& r) {
        order_row o{r.getInt64(1), r.getInt64(2),    std::string(r.getString(3)),
                    r.getInt64(4), r.getInt64(5),    r.getInt64(6),
                    r.getInt64(7), r.getInt(8) != 0, {}};
        p.orders[o.id] = o;
      });
  db.rows(
      "SELECT i.order_id, i.product_option_id, i.quantity FROM order_items i JOIN orders o"
      " ON o.id = i.order_id WHERE o.user_id IN (" +
          users + ")",
      [&](sql::ResultSet& r) { p.orders[r.getInt64(1)].items[r.getInt64(2)] += r.getInt64(3); });
  db.rows("SELECT id, received, reserved_stock FROM product_options WHERE id IN (" + options + ")",
          [&](sql::ResultSet& r) {
            auto& f = p.options[r.getInt64(1)];
            f.received = r.getInt64(2);
            f.stored_reserved = r.getInt64(3);
          });
  db.rows(
      "SELECT i.product_option_id, o.status, SUM(i.quantity) FROM order_items i JOIN orders o"
      " ON o.id = i.order_id WHERE i.product_option_id IN (" +
          options + ") AND o.status IN ('PAID', 'PENDING') GROUP BY 1, 2",
      [&](sql::ResultSet& r) {
        auto& f = p.options[r.getInt64(1)];
        (r.getString(2) == "PAID" ? f.sold : f.held) = r.getInt64(3);
      });
  db.rows("SELECT option_id, SUM(sold) FROM option_sales WHERE option_id IN (" + options +
              ") GROUP BY 1",
          [&](sql::ResultSet& r) { p.options[r.getInt64(1)].sales = r.getInt64(2); });
  db.rows("SELECT id, total_quantity, issued_quantity FROM coupons WHERE id IN (" + campaigns + ")",
          [&](sql::ResultSet& r) {
            p.campaigns[r.getInt64(1)] = {r.getInt64(2), r.getInt64(3)};
          });
  db.rows("SELECT id, user_id, coupon_id, status FROM user_coupons WHERE coupon_id IN (" +
              campaigns + ")",
          [&](sql::ResultSet& r) {
            p.user_coupons[r.getInt64(1)] = {r.getInt64(1), r.getInt64(2), r.getInt64(3),
                                             std::string(r.getString(4))};
          });
  db.rows("SELECT user_id, idem_key FROM idempotency_keys WHERE user_id IN (" + users + ")",
          [&](sql::ResultSet& r) { p.keys.emplace(r.getInt64(1), std::string(r.getString(2))); });
  return p;
}

std::set<std::int64_t> pending_orders(const db_part& p) {
  std::set<std::int64_t> s;
  for (const auto& [id, o] : p.orders)
    if (o.status == "PENDING") s.insert(id);
  return s;
}

// GET on any node that answers 200 (tried in turn); nullopt with `why` when none does.
std::optional<json> live_get(const test::node_fleet& fleet, const std::string& target,
                             const test::header_list& headers, std::size_t& next,
                             std::string& why) {
  for (std::size_t tries = 0; tries < 2 * fleet.size(); ++tries) {
    const auto node = next++ % fleet.size();
    try {
      const auto r =
          test::http_call(fleet.port(node), "GET", target, "", headers, std::chrono::seconds(10));
      if (r.status == 200) return r.json();
      why = "GET " + target + " on " + fleet.name(node) + " answered " + std::to_string(r.status) +
            " " + r.body;
    } catch (const std::exception& e) {
      why = "GET " + target + " on " + fleet.name(node) + ": " + e.what();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return std::nullopt;
}

void read_live(const shop_world& w, const test::node_fleet& fleet, shop_snapshot& s) {
  std::size_t next = 0;
  std::string why;
  std::set<std::int64_t> products;
  for (const auto& o : w.options) products.insert(o.product);
  for (const auto product : products) {
    const auto d = live_get(fleet, "/api/products/" + std::to_string(product), {}, next, why);
    if (!d) {
      s.problems.push_back(why);
      continue;
    }
    for (const auto& o : d->at("options")) {
      auto& f = s.options[o.at("optionId").get<std::int64_t>()];
      f.live_stock = o.at("stock").get<std::int64_t>();
      f.live_reserved = o.at("reservedStock").get<std::int64_t>();
    }
  }
  for (const auto& o : w.options) {
    const auto a =
        live_get(fleet, "/admin/actors/option/" + std::to_string(o.id) + "?activate=true",
                 test::server_process::admin_headers(), next, why);
    if (!a) continue;  // only a finding's detail
    auto& f = s.options[o.id];
    f.actor_reserved = a->at("state").at("reservedStock").get<std::int64_t>();
    f.actor_node = a->value("node", "");
  }
  for (const auto& c : w.customers) {
    const auto b =
        live_get(fleet, test::user_path(c.id, "/balance"), test::bearer(c.token), next, why);
    if (!b)
      s.problems.push_back(why);
    else
      s.live_balance[c.id] = b->at("balance").get<std::int64_t>();
  }
}

}  // namespace

shop_snapshot take_snapshot(const shop_world& w, const test::node_fleet& fleet) {
  shop_snapshot s;
  for (std::size_t i = 0; i < fleet.size(); ++i)
    if (!test::wait_until([&] { return journal_depth(fleet.port(i)) == 0; },
                          std::chrono::seconds(30), std::chrono::milliseconds(100)))
      s.problems.push_back(fleet.name(i) +
                           ": journal not empty (or /metrics unreadable) 30 s "
                           "after the load stopped");
  for (int round = 0;; ++round) {
    auto db = read_database(w);
    shop_snapshot attempt;
    attempt.problems = s.problems;
    read_live(w, fleet, attempt);
    const bool settled = pending_orders(read_database(w)) == pending_orders(db);
    if (!settled && round < 5) continue;
    attempt.balance = std::move(db.balance);
    attempt.orders = std::move(db.orders);
    for (auto& [id, f] : db.options) {
      auto& out = attempt.options[id];
      auto live = out;
      out = f;
      out.live_stock = live.live_stock;
      out.live_reserved = live.live_reserved;
      out.actor_reserved = live.actor_reserved;
      out.actor_node = std::move(live.actor_node);
    }
    attempt.campaigns = std::move(db.campaigns);
    attempt.user_coupons = std::move(db.user_coupons);
    attempt.keys = std::move(db.keys);
    if (!settled) attempt.problems.push_back("orders kept changing state while the audit read");
    return attempt;
  }
}

}  // namespace shop::chaos
