// The journal writer: the one actor that writes state to the database. Entity actors change state
// in memory and hand it over here as units; the writer group-commits everything that queued while
// the previous transaction ran, and answers each unit only after its batch committed.
#pragma once

#include <atomic>
#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <chrono>
#include <cstdint>
#include <memory>

#include "model/journal_protocol.hpp"
#include "persistence/db_params.hpp"

namespace shop::persistence {

// Persistence stores and loads the values of model/.
using namespace model;

// Admission of new units: bounded, and closed while the database is known to be down, so a client
// gets 503 up front instead of a write that waits for the database to return. Lock-free counters,
// the one piece of state the writer shares with its senders (checked before any state changes).
struct journal_gate {
  explicit journal_gate(std::int64_t capacity) : capacity(capacity) {}
  bool try_admit() {
    if (db_down.load(std::memory_order_relaxed)) return false;
    if (outstanding.fetch_add(1, std::memory_order_relaxed) >= capacity) {
      outstanding.fetch_sub(1, std::memory_order_relaxed);
      return false;
    }
    return true;
  }
  void release(std::int64_t n) { outstanding.fetch_sub(n, std::memory_order_relaxed); }

  const std::int64_t capacity;
  std::atomic<std::int64_t> outstanding{0};
  std::atomic<bool> db_down{false};
  // When the oldest unit waiting at the writer arrived (Unix ms; 0: none waits), for the
  // operators' "oldest unsaved change" age. Written by the writer only.
  std::atomic<std::int64_t> oldest_pending_ms{0};
};

struct journal_options {
  std::chrono::microseconds batch_window{0};
  std::size_t max_batch = 1024;
  std::chrono::milliseconds max_backoff{2000};
  // How often the orders' sales rows are folded into the options' totals (sales_fold.hpp); 0:
  // only when asked. Folding runs on the writer's connection, between batches.
  std::chrono::milliseconds fold_interval{0};
};

// What the writer answers; its atoms are in model/journal_protocol.hpp. A write may also fail with
// storage_error::unavailable while the database cannot be reached long enough for the sender.
using journal_writer_actor = caf::typed_actor<
    // Commits the unit in the next batch and answers once that batch committed. The sender has
    // admitted it first (journal_gate::try_admit). | storage_error::rejected: refused for good.
    caf::replies_to<commit_atom, journal_unit>::with<caf::ok_atom>,
    // Answers once everything received before it has committed (a graceful stop waits for it).
    caf::replies_to<sync_atom>::with<caf::ok_atom>,
    // The writer's counters, with the units waiting now.
    caf::replies_to<journal_stats_atom>::with<journal_stats>,
    // Folds the orders' sales rows into the options' totals now: how many rows it folded.
    // | storage_error::unavailable, rejected
    caf::replies_to<fold_sales_atom>::with<std::int64_t>>;

// The handle entity actors use: the writer plus its gate.
struct journal {
  journal_writer_actor writer;
  std::shared_ptr<journal_gate> gate;
};

// Spawns the writer `detached` (Connector/C++ blocks).
journal spawn_journal_writer(caf::actor_system& sys, db_params params, journal_options opts,
                             std::int64_t queue_capacity);

}  // namespace shop::persistence
