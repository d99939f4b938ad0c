// Injecting a plan's faults: into one node (kill -9, SIGTERM, SIGSTOP), into every node in
// turn (a rolling restart), or into MariaDB (stopped and started with the shell commands in
// SHOP_TEST_DB_STOP / SHOP_TEST_DB_START). Runs on the main thread while the load goes on.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/chaos/fault_plan.hpp"
#include "tests/chaos/findings.hpp"
#include "tests/chaos/shop_world.hpp"
#include "tests/support/node_fleet.hpp"

namespace shop::chaos {

struct database_commands {
  std::string stop, start;
};
// From SHOP_TEST_DB_STOP / SHOP_TEST_DB_START; nullopt when either is unset.
std::optional<database_commands> database_commands_from_env();

// Thrown when the run cannot go on (a node that does not come back, a database that does not
// start): the driver stops and exits 3, which is not the same as a finding.
struct fault_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class fault_injector {
 public:
  // `lease_ms`: the cluster's lease (a killed node's customers must be answered by another node
  // within lease + 5 s).
  fault_injector(test::node_fleet& fleet, std::optional<database_commands> db,
                 std::chrono::seconds term_timeout, bool cluster, int lease_ms, findings& out);

  // Applies `step` (to node `target` when it hits one node); returns what it did, one line.
  // `world` names the customers a takeover probe may ask for.
  std::string apply(const fault_step& step, std::size_t target, int cycle, const shop_world& world,
                    std::mt19937& rng);

  // Milliseconds from each cluster kill to the first answer for one of the killed node's
  // customers through another node, in order.
  const std::vector<long>& takeover_times() const { return takeover_ms_; }

  // Before the audit: the database up, and every node running and ready. A node that ended
  // on its own is started again; that it ended is a finding, except in a cluster for a node
  // paused since it last started, or one that exited with code 3 after it lived through a
  // database outage at least a lease long (a node that finds it was declared dead exits, maybe
  // only once it notices, after the cycle of the fault; docs/operations.md, its supervisor starts
  // it again). In a cluster, every node must then be UP with its share of the shards within 30 s.
  void ensure_up(int cycle);

  // The database back up if a fault left it down (called on every way out of the run).
  void restore_database();

 private:
  void start_node(std::size_t i, int cycle);
  void stop_gracefully(std::size_t i, int cycle, const char* why);
  void check_shards_taken(std::size_t gone, int cycle);
  void check_shares(int cycle);
  std::string kill9(const fault_step& step, std::size_t target, int cycle, const shop_world& world,
                    std::mt19937& rng);

  test::node_fleet& fleet_;
  std::optional<database_commands> db_;
  std::chrono::seconds term_timeout_;
  bool cluster_;
  int lease_ms_;
  findings& findings_;
  std::vector<long> takeover_ms_;
  bool db_down_ = false;
  std::set<std::size_t> paused_;   // nodes SIGSTOPped since they last started
  std::set<std::size_t> stopped_;  // nodes this injector stopped and has not started yet
  // Nodes that were running through a database outage at least a lease long since they last
  // started: their leases could not be renewed.
  std::set<std::size_t> cut_off_;
};

}  // namespace shop::chaos
