// The actor side of the shop, wired together: registry, readers, journal writer, id allocator.
#pragma once

#include <caf/fwd.hpp>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/hosting/ask.hpp"
#include "actors/hosting/crash_watch.hpp"
#include "actors/hosting/entity_context.hpp"
#include "actors/jobs/order_delivery.hpp"
#include "persistence/db_params.hpp"
#include "persistence/journal_writer.hpp"

namespace shop {

// A node of a cluster (API.md "Cluster"); `enabled` false: a lone node, exactly as before.
struct cluster_options {
  bool enabled = false;
  std::string node_id;
  std::string http_address;  // host:port, advertised to the others
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port
  std::int64_t lease_ms = 5000;
  std::uint32_t shards = 256;
  std::function<void()> on_fenced;  // this incarnation was declared dead: stop serving
};

// The database was prepared for another shard count: this node must not start (no retry helps).
struct cluster_misconfigured : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct runtime_options {
  persistence::db_params db;
  unsigned readers = 4;
  persistence::journal_options journal;
  std::int64_t journal_capacity = 20000;
  std::chrono::milliseconds idle_ttl{300000};
  std::size_t registry_shards = 4;
  std::size_t bridge_actors = 4;
  std::chrono::milliseconds order_hold_ttl{600000};
  std::chrono::milliseconds order_sweep_interval{60000};
  std::chrono::milliseconds receipt_purge_interval{600000};  // idempotency records past 24 h
  delivery_transport deliver_order;  // empty: paid orders are not delivered (outbox keeps them)
  delivery_options delivery;
  int popularity_batch_minute = 0;  // UTC minute of the day the popularity batch runs
  cluster_options cluster;
  // Row ids in blocks from the database (persistence/id_blocks.hpp), so that nodes sharing it
  // never hand out the same id; false: a lone node counts on from the highest ids it read.
  bool cluster_ids = false;
  std::int64_t id_block_size = 1000;  // ids per block and table (cluster_ids only)
};

struct shop_runtime {
  caf::actor_system& system;
  entity_context ctx;     // journal, readers, registry
  caf::actor sweeper;     // order_sweeper: expires overdue orders
  actor_bridge bridge;    // how non-actor callers (HTTP) ask actors
  caf::actor popularity;  // popularity_batch: the newest snapshot, the daily run
  caf::actor operators;   // operator_view: gauges for /metrics, live actor inspection
  caf::actor receipts;    // receipt_retention: deletes idempotency records past their window
  // membership_actor (actors/cluster/): answers (cluster_view_atom) -> model::cluster_view. Null
  // for a lone node started without cluster settings (it is a cluster of one: itself, every shard).
  caf::actor cluster;
  // Every actor above by name (entities: their registry shards; the delivery actor only when
  // delivery is on): the crash watch watches them and stop() ends them.
  std::vector<std::pair<std::string, caf::actor>> actors;
  caf::actor crashes;  // crash_watch over `actors`

  // Cluster only: hands every shard of this node over to the others (SIGTERM). True when done.
  bool leave(std::chrono::milliseconds timeout);
  // Waits until every write handed to the journal so far has committed.
  bool flush(std::chrono::milliseconds timeout);
  // Ends every actor of the runtime (after flush()).
  void stop();
  bool database_up() const { return !ctx.journal.gate->db_down.load(); }
};

// Connects, applies migrations, reads the highest ids and spawns the actors. Throws
// std::runtime_error with a clear message when the database cannot be prepared.
std::unique_ptr<shop_runtime> start_runtime(caf::actor_system& sys, const runtime_options& opts);

}  // namespace shop
