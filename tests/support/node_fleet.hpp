// The shop-server processes of a run, on one database. Node i keeps one HTTP port for the
// whole run (a load reads it from any thread while the node restarts); with `cluster` it also
// gets SHOP_CLUSTER_NODE_ID=node-<i>, a cluster port of its own and SHOP_CLUSTER_LEASE_MS.
// Used by the chaos driver and the cluster e2e tests.
//
// Start nodes from the main thread only: a node dies with the thread that forked it
// (server_process uses PR_SET_PDEATHSIG), and the main thread outlives every other.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/server_process.hpp"

namespace shop::test {

struct fleet_settings {
  std::string server_bin;
  int nodes = 1;
  bool cluster = false;
  int lease_ms = 2000;
  std::map<std::string, std::string> env;  // given to every node (e.g. SHOP_ORDER_HOLD_TTL_MS)
};

class node_fleet {
 public:
  explicit node_fleet(const fleet_settings& s);

  std::size_t size() const { return ports_.size(); }
  // Fixed for the run: safe from any thread.
  unsigned short port(std::size_t i) const { return ports_.at(i); }
  std::string name(std::size_t i) const { return "node-" + std::to_string(i); }

  // Starts node i and waits until it is ready; throws std::runtime_error (with its log tail).
  void start(std::size_t i, std::chrono::seconds ready_timeout = std::chrono::seconds(60));
  void start_all();
  server_process& process(std::size_t i) { return *procs_.at(i); }
  bool running(std::size_t i) { return procs_.at(i)->running(); }
  std::string log_path(std::size_t i) const { return procs_.at(i)->log_path(); }

  // The names of the nodes running now.
  std::vector<std::string> running_names();
  // Waits up to `cap` until every running node sees the shards spread over the running nodes
  // (spread_over in cluster_view.hpp): before that, requests for entities on the move get 503.
  bool wait_spread(std::chrono::milliseconds cap);

 private:
  std::vector<unsigned short> ports_;
  std::vector<std::unique_ptr<server_process>> procs_;
};

}  // namespace shop::test
