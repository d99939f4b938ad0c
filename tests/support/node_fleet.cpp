#include "tests/support/node_fleet.hpp"

#include <set>

#include "tests/support/cluster_view.hpp"
#include "tests/support/wait_until.hpp"

namespace shop::test {
namespace {

// A free port none of this run's nodes was given yet.
unsigned short fresh_port(std::set<unsigned short>& taken) {
  for (;;) {
    const auto p = pick_free_port();
    if (taken.insert(p).second) return p;
  }
}

}  // namespace

node_fleet::node_fleet(const fleet_settings& s) {
  std::set<unsigned short> taken;
  for (int i = 0; i < s.nodes; ++i) {
    auto env = s.env;
    const auto http_port = fresh_port(taken);
    env["SHOP_HTTP_PORT"] = std::to_string(http_port);
    if (s.cluster) {
      env["SHOP_CLUSTER_NODE_ID"] = "node-" + std::to_string(i);
      env["SHOP_CLUSTER_PORT"] = std::to_string(fresh_port(taken));
      env["SHOP_CLUSTER_LEASE_MS"] = std::to_string(s.lease_ms);
    }
    ports_.push_back(http_port);
    procs_.push_back(std::make_unique<server_process>(s.server_bin, std::move(env)));
  }
}

void node_fleet::start(std::size_t i, std::chrono::seconds ready_timeout) {
  procs_.at(i)->start(ready_timeout);
}

void node_fleet::start_all() {
  for (std::size_t i = 0; i < size(); ++i) start(i);
}

std::vector<std::string> node_fleet::running_names() {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < size(); ++i)
    if (running(i)) out.push_back(name(i));
  return out;
}

bool node_fleet::wait_spread(std::chrono::milliseconds cap) {
  return wait_until(
      [&] {
        const auto live = running_names();
        for (std::size_t i = 0; i < size(); ++i) {
          if (!running(i)) continue;
          const auto v = read_cluster(port(i));
          if (!v || !spread_over(*v, live)) return false;
        }
        return true;
      },
      cap, std::chrono::milliseconds(100));
}

}  // namespace shop::test
