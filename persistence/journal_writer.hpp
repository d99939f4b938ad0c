// The journal writer: the one actor that writes state to the database. Entity actors change state
// in memory and hand it over here as units; the writer group-commits everything that queued while
// the previous transaction ran, and answers each unit only after its batch committed.
#pragma once

#include <atomic>
#include <caf/actor.hpp>
#include <caf/fwd.hpp>
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
};

struct journal_options {
  std::chrono::microseconds batch_window{0};
  std::size_t max_batch = 1024;
  std::chrono::milliseconds max_backoff{2000};
  // How often the orders' sales rows are folded into the options' totals (sales_fold.hpp); 0:
  // only when asked. Folding runs on the writer's connection, between batches.
  std::chrono::milliseconds fold_interval{0};
};

// The handle entity actors use: the writer plus its gate.
struct journal {
  caf::actor writer;
  std::shared_ptr<journal_gate> gate;
};

// Spawns the writer `detached` (Connector/C++ blocks); its messages are in
// model/journal_protocol.hpp.
journal spawn_journal_writer(caf::actor_system& sys, db_params params, journal_options opts,
                             std::int64_t queue_capacity);

}  // namespace shop::persistence
