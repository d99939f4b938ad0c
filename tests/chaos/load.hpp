// The mixed keyed load: client threads, each with customers of its own (so one customer's
// requests never overlap and the thread knows its orders and coupons), sending wallet charges,
// orders (created, paid with or without a coupon, cancelled), coupon issues, the odd repeated
// payment of a paid order, and operator restocks, each to a random node. Most carry an
// Idempotency-Key; some do not. Every request and its answer go to the ledger.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/chaos/ledger.hpp"
#include "tests/chaos/shop_world.hpp"
#include "tests/support/node_fleet.hpp"

namespace shop::chaos {

struct load_settings {
  int threads = 4;
  int unkeyed_percent = 20;
  std::chrono::milliseconds request_timeout{5000};
  unsigned seed = 1;
  std::string key_prefix = "chaos";  // keys are <prefix>-t<thread>-<n>: unique in the run
};

class load_driver {
 public:
  load_driver(const shop_world& w, const test::node_fleet& fleet, ledger& l, load_settings s);
  ~load_driver();
  load_driver(const load_driver&) = delete;
  load_driver& operator=(const load_driver&) = delete;

  // Starts the threads; their records carry `cycle`. The world's open campaigns must not change
  // until stop().
  void start(int cycle);
  // Lets every thread finish the request it is in (at most one request timeout), then joins.
  void stop();

 private:
  struct customer_state {
    const customer* who = nullptr;
    std::vector<std::int64_t> pending;  // orders created and not yet paid or cancelled
    std::vector<std::int64_t> paid;
    std::vector<std::int64_t> coupons;  // user coupons held, not yet spent
  };
  struct worker {
    int index = 0;
    std::vector<customer_state> customers;
    std::mt19937 rng;
    std::uint64_t sent = 0;
  };

  void run(worker& w, int cycle);
  void send(worker& w, request_record& r);
  std::string next_key(worker& w);

  void charge(worker& w, customer_state& c, int cycle);
  void create_order(worker& w, customer_state& c, int cycle);
  void pay(worker& w, customer_state& c, int cycle);
  void cancel(worker& w, customer_state& c, int cycle);
  void issue_coupon(worker& w, customer_state& c, int cycle);
  void pay_again(worker& w, customer_state& c, int cycle);
  void restock(worker& w, int cycle, std::int64_t option);

  const shop_world& world_;
  const test::node_fleet& fleet_;
  ledger& ledger_;
  load_settings settings_;
  std::vector<worker> workers_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
};

}  // namespace shop::chaos
