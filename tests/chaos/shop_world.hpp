// What a run puts into the shop before the load: customers with a wallet, products with two
// options each, and first-come coupon campaigns (new ones every cycle, so issues keep racing for
// the last coupons). Everything here was acknowledged by the operator API; the audit starts
// from these figures.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "tests/support/node_fleet.hpp"

namespace shop::chaos {

struct customer {
  std::int64_t id = 0;
  std::string token;
  std::int64_t initial_balance = 0;
};

struct stock_item {  // a product option
  std::int64_t id = 0;
  std::int64_t product = 0;
  std::int64_t price = 0;  // product price + additional price
  std::int64_t initial_stock = 0;
};

struct campaign {
  std::int64_t id = 0;
  std::int64_t total = 0;
  int cycle = 0;  // opened before this cycle
};

struct shop_world {
  std::vector<customer> customers;
  std::vector<stock_item> options;
  std::vector<campaign> campaigns;  // every campaign of the run, oldest first
  std::vector<std::int64_t> open;   // the campaigns the current cycle's issues go to
};

// Creates `users` customers and `products` products. Throws std::runtime_error if the shop does
// not answer as the contract says (the run cannot start).
shop_world build_world(const test::node_fleet& fleet, int users, int products, std::mt19937& rng);

// Creates `count` campaigns of `total` coupons each and makes them the open ones.
void open_campaigns(shop_world& w, const test::node_fleet& fleet, int cycle, int count,
                    std::int64_t total);

}  // namespace shop::chaos
