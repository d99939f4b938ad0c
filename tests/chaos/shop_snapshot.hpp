// The shop as the audit reads it once a cycle's load has stopped: committed rows from MariaDB
// for everything the run created, and the live figures the nodes serve (an option's stock and
// held units, a wallet's balance), which are the actors' own and may differ from a stale row.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/chaos/shop_world.hpp"
#include "tests/support/node_fleet.hpp"

namespace shop::chaos {

struct order_row {
  std::int64_t id = 0, user = 0;
  std::string status;
  std::int64_t total = 0, discount = 0, paid = 0;
  std::int64_t user_coupon = 0;  // 0: none
  bool has_paid_at = false;
  std::map<std::int64_t, std::int64_t> items;  // option -> quantity
};

struct option_figures {
  std::int64_t received = 0;  // the row's initial stock + restocks
  std::int64_t sold = 0;      // units in PAID orders
  std::int64_t held = 0;      // units in PENDING orders
  std::int64_t sales = 0;     // option_sales total (what the popular sort and activation read)
  std::int64_t live_stock = -1, live_reserved = -1;  // as GET /api/products/{id} shows them
  // Where a held-stock finding comes from: the row's `reserved_stock`, and the option actor's own
  // figure with the node that hosts it (GET /admin/actors/option/{id}).
  std::int64_t stored_reserved = -1, actor_reserved = -1;
  std::string actor_node;
};

struct user_coupon_row {
  std::int64_t id = 0, user = 0, campaign = 0;
  std::string status;
};

struct campaign_row {
  std::int64_t total = 0, issued = 0;
};

struct shop_snapshot {
  std::map<std::int64_t, std::int64_t> balance;       // users.balance
  std::map<std::int64_t, std::int64_t> live_balance;  // GET balance
  std::map<std::int64_t, order_row> orders;           // every order of the run's customers
  std::map<std::int64_t, option_figures> options;
  std::map<std::int64_t, campaign_row> campaigns;
  std::map<std::int64_t, user_coupon_row> user_coupons;  // of the run's campaigns
  std::set<std::pair<std::int64_t, std::string>> keys;   // (user, Idempotency-Key) stored
  std::vector<std::string> problems;  // reads that failed (each becomes a finding)
};

// Waits (up to 30 s) until no node's journal holds an uncommitted write, then reads. Rows and
// live figures are read again until no order changed state in between (an order's hold may end
// while the audit reads). Throws std::runtime_error if the database cannot be read.
shop_snapshot take_snapshot(const shop_world& w, const test::node_fleet& fleet);

}  // namespace shop::chaos
