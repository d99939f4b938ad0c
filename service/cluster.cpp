#include "service/cluster.hpp"

#include "actors/hosting/clock.hpp"

namespace shop::service {

model::cluster_view lone_node_view(const node_settings& self, std::int64_t now_ms) {
  model::cluster_member me;
  me.node_id = self.node_id;
  me.http_address = self.http_address;
  me.status = "UP";
  me.lease_expires_at_ms = now_ms + self.lease_ms;
  me.shards = self.shard_count;
  return {self.node_id, self.shard_count, {std::move(me)}};
}

void cluster_view_now(const shop_service& s, const node_settings& self,
                      callback<model::cluster_view> done) {
  const auto& membership = s.runtime().cluster;
  if (!membership) return done(lone_node_view(self, wall_clock_ms()));
  s.ask<model::cluster_view>(membership, std::chrono::seconds(5),
                             caf::make_message(cluster_view_atom::value), std::move(done));
}

}  // namespace shop::service
