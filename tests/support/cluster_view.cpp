#include "tests/support/cluster_view.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/instants.hpp"
#include "tests/support/server_process.hpp"

namespace shop::test {

const cluster_member* cluster_view::member(const std::string& id) const {
  for (const auto& n : nodes)
    if (n.node_id == id) return &n;
  return nullptr;
}

int cluster_view::shards_up() const {
  int sum = 0;
  for (const auto& n : nodes)
    if (n.status == "UP") sum += n.shards;
  return sum;
}

std::optional<cluster_view> read_cluster(unsigned short port) {
  http_result r;
  try {
    r = http_call(port, "GET", "/admin/cluster", "", server_process::admin_headers(),
                  std::chrono::seconds(5));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status != 200 || !j.is_object()) return std::nullopt;
  try {
    cluster_view v;
    v.node_id = j.at("nodeId").get<std::string>();
    v.shards = j.at("shards").get<int>();
    for (const auto& n : j.at("nodes"))
      v.nodes.push_back({n.at("nodeId").get<std::string>(), n.at("httpAddress").get<std::string>(),
                         n.at("clusterAddress").get<std::string>(),
                         n.at("status").get<std::string>(), instant_of(n.at("leaseExpiresAt")),
                         n.at("shards").get<int>()});
    v.body = r.body;
    return v;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

bool spread_over(const cluster_view& v, const std::vector<std::string>& live) {
  if (live.empty() || v.shards <= 0) return false;
  const int share = v.shards / static_cast<int>(live.size());
  int owned = 0;
  std::size_t found = 0;
  for (const auto& n : v.nodes) {
    const bool wanted = std::find(live.begin(), live.end(), n.node_id) != live.end();
    if (wanted != (n.status == "UP")) return false;
    if (!wanted) continue;
    if (n.shards < share) return false;
    owned += n.shards;
    ++found;
  }
  return found == live.size() && owned == v.shards;
}

}  // namespace shop::test
