// SQL of the cluster's membership and shard ownership (migration 0008). Every call is one
// statement or one short transaction on the caller's connection; times come from the database's
// clock. Blocking: call it from a detached actor or a thread of its own, never from the scheduler.
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/cluster_rows.hpp"
#include "model/row_image.hpp"

namespace shop::persistence::cluster {

// The database was set up with another shard count; this node must not start.
struct shard_count_mismatch : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Records `configured` as the database's shard count (and creates its shard rows) if none is set
// yet; throws shard_count_mismatch if another one is.
void ensure_shard_count(sql::Connection& c, std::uint32_t configured);

using model::node_address;

// Registers a start of `self.node_id`: a new row with incarnation 1, or the next incarnation of
// the existing row (status UP, a fresh lease). The shards the name owned move to the new
// incarnation at epoch + 1, so the previous process of that name can commit nothing more.
// Returns the new incarnation.
std::int64_t register_node(sql::Connection& c, const node_address& self, std::int64_t lease_ms);

// Extends the lease of (node_id, incarnation) by lease_ms from now. False if that incarnation no
// longer holds the row or was declared DEAD: the node is fenced and must stop serving.
bool renew_lease(sql::Connection& c, const std::string& node_id, std::int64_t incarnation,
                 std::int64_t lease_ms);

// Marks a graceful leave (LEAVING); the node keeps renewing until it has handed its shards over.
bool mark_leaving(sql::Connection& c, const std::string& node_id, std::int64_t incarnation);

using model::node_record;

std::vector<node_record> read_nodes(sql::Connection& c);

using model::shard_record;

std::vector<shard_record> read_shards(sql::Connection& c);

// Gives `shard` to (to_node, to_incarnation) at epoch + 1 if its epoch is still `expected_epoch`
// and it has no live owner: none (released in a handoff), or one whose lease ran out by the
// database's clock, who was declared DEAD, or whose name restarted as another incarnation.
// Returns the new epoch, or nothing if another node moved it first or its owner is alive.
std::optional<std::int64_t> take_shard(sql::Connection& c, std::uint32_t shard,
                                       std::int64_t expected_epoch, const std::string& to_node,
                                       std::int64_t to_incarnation);

// The owner gives `shard` up (handoff): no owner, epoch + 1. Only (node, incarnation, epoch) that
// holds it can; false otherwise.
bool release_shard(sql::Connection& c, std::uint32_t shard, const std::string& node,
                   std::int64_t incarnation, std::int64_t epoch);

// A peer lost contact with `node` (paused, cut off, dead) and must not act on what that node may
// still commit: every shard it owns moves to epoch + 1 under the same owner. The UPDATE waits for
// the node's transaction in flight (its fence holds the rows), so whatever committed is visible
// once this returns, and every unit the node queued under the old epochs is refused. The node
// reads the new epochs at its next tick and carries on with fresh entities. Returns how many
// shards moved.
std::int64_t fence_node(sql::Connection& c, const std::string& node);

// The fence, run inside the caller's open transaction before it commits a batch: true only if
// every claimed shard is still owned at the claimed epoch (an epoch names one owner's tenure: it
// grows at every change of owner). It locks those rows until the transaction ends, so a takeover
// either waits for the commit or wins first and makes this false.
bool holds_all(sql::Connection& c, const std::vector<model::shard_claim>& claims);

}  // namespace shop::persistence::cluster
