// A node's part in the cluster (docs/architecture.md "Cluster"): it renews the node's lease, reads
// who is alive and who owns which shard, takes the shards of dead nodes and its share of the
// rest, hands shards over to a node that joins, and tells the registry and the jobs where every
// shard lives. The database decides ownership; CAF connections only carry messages.
#pragma once

#include <caf/fwd.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "actors/hosting/entity_registry.hpp"
#include "model/cluster_rows.hpp"
#include "persistence/journal_writer.hpp"

namespace shop::cluster {

struct membership_options {
  model::node_address self;      // this node's id and addresses (as registered)
  std::int64_t incarnation = 0;  // this process's, from register_node
  std::int64_t lease_ms = 5000;
  std::uint32_t shard_count = 256;
  caf::actor keeper;  // persistence/cluster/membership_keeper.hpp
  // A keeper of its own (its own connection) for the lease renewals: a take or a release waiting
  // on the database must not hold a renewal up past the lease.
  caf::actor renewer;
  // And one for fencing peers (fence_peer_atom): a fence waits on a paused peer's row locks.
  caf::actor fencer;
  entity_registry registry;
  persistence::journal journal;
  // Told every new routing table, `(routing_atom, routing)`: the shard-aware jobs.
  std::vector<caf::actor> listeners;
  // Whether the owner of shard 0 folds the sales rows (at every membership tick).
  bool fold_sales = true;
  // This incarnation was declared dead or replaced: it must stop serving (the process exits).
  std::function<void()> on_fenced;
};

//   (cluster_view_atom) -> model::cluster_view
//   (leave_atom) -> ok_atom once every shard of this node is handed over (SIGTERM)
caf::actor spawn_membership_actor(caf::actor_system& sys, membership_options opts);

}  // namespace shop::cluster
