// What the shop counts while it runs: lock-free counters and histograms that components bump on
// their hot paths (a relaxed atomic add each; no lock, no allocation, no message), read only when
// GET /metrics is scraped. Gauges that describe actors (live actors, mailbox depth) are not kept
// here: they are asked of the actors at scrape time (actors/jobs/operator_view.hpp).
//
// These atomics are the second deliberate exception to "no shared mutable state" (after the
// journal's gate): they are written by many threads, never read to decide anything, and losing
// their exactness between two scrapes changes no behaviour. See docs/architecture.md.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "model/order_status.hpp"

namespace shop::metrics {

class counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { v_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> v_{0};
};

class gauge {
 public:
  void set(std::int64_t v) noexcept { v_.store(v, std::memory_order_relaxed); }
  std::int64_t value() const noexcept { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> v_{0};
};

// Fixed buckets, chosen at construction, over integer observations in the instrument's own unit
// (microseconds, units of work). Counts are kept per bucket and made cumulative when read.
class histogram {
 public:
  static constexpr std::size_t max_bounds = 16;
  histogram(std::initializer_list<std::uint64_t> upper_bounds);

  void observe(std::uint64_t v) noexcept {
    std::size_t i = 0;
    while (i < n_ && v > bounds_[i]) ++i;
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(v, std::memory_order_relaxed);
  }

  struct reading {
    std::vector<std::uint64_t> bounds;      // upper bounds, without +Inf
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf (= count)
    std::uint64_t sum = 0;
    std::uint64_t count() const { return cumulative.empty() ? 0 : cumulative.back(); }
  };
  reading read() const;

 private:
  std::array<std::uint64_t, max_bounds> bounds_{};
  std::size_t n_ = 0;
  std::array<std::atomic<std::uint64_t>, max_bounds + 1> counts_{};  // the last one is +Inf
  std::atomic<std::uint64_t> sum_{0};
};

// Requests of one route (method + pattern of http/shop_routes.cpp): answers by status code and
// latency in microseconds.
struct http_route_stats {
  http_route_stats(std::string method, std::string route);
  void observe(unsigned status, std::uint64_t micros) noexcept {
    if (status >= 100 && status < 600)
      by_status[status - 100].fetch_add(1, std::memory_order_relaxed);
    latency.observe(micros);
  }

  const std::string method;
  const std::string route;
  std::array<std::atomic<std::uint64_t>, 500> by_status{};  // index: status - 100
  histogram latency;
};

// Entity kinds as labels, indexed by shop::entity_kind (actors/messages.hpp): 1 product ...
// 5 order; 0 is unused.
inline constexpr std::array<const char*, 6> entity_kind_labels = {"",     "product", "option",
                                                                  "user", "coupon",  "order"};

// Order states an order moves to (PENDING when created).
inline constexpr const auto& order_states = model::order_status_names;

struct shop_metrics {
  shop_metrics();

  // The slot of one route. Called while the route table is built (start-up), never per request.
  http_route_stats& route(std::string_view method, std::string_view pattern);
  // Every route slot, for rendering (copies the pointers under the registration lock).
  std::vector<const http_route_stats*> routes() const;

  // Entity registry (actors/hosting/entity_registry.cpp).
  std::array<counter, entity_kind_labels.size()> activations;
  std::array<counter, entity_kind_labels.size()> passivations;
  counter probe_timeouts;  // actors that did not answer a scrape's mailbox probe in time
  void activated(std::uint8_t kind) noexcept {
    if (kind < activations.size()) activations[kind].inc();
  }
  void passivated(std::uint8_t kind) noexcept {
    if (kind < passivations.size()) passivations[kind].inc();
  }

  // Journal writer (persistence/journal_writer.cpp) and readers (persistence/store_reader.cpp).
  histogram journal_batch_units;  // units per committed batch
  histogram journal_commit_us;    // one batch's transaction, BEGIN to COMMIT
  counter journal_committed_units;
  counter journal_rejected_units;  // refused for good (a bug: constraint)
  counter journal_fenced_units;    // refused by the cluster's fence: a claimed shard moved
  counter journal_retries;         // batches kept and retried after the database went away
  counter journal_db_unavailable;  // lost connections / failed connects
  counter journal_db_rejected;     // statements the database refused
  counter reader_retries;          // queries run again on a fresh connection
  counter reader_db_unavailable;
  counter reader_db_rejected;

  // Delivery of paid orders (actors/jobs/order_delivery.cpp).
  counter delivery_failures;
  // When the earliest retry known to be scheduled is due (Unix ms; 0: none yet). Set when a
  // failure schedules one; a time in the past means that retry has run.
  gauge delivery_next_retry_ms;

  // Coupons (actors/entities/coupon_campaign_actor.cpp).
  counter coupons_issued;
  counter coupon_campaigns_sold_out;  // a campaign handed out its last coupon
  counter coupon_sold_out_refusals;   // issues refused with COUPON_SOLD_OUT

  // Orders (actors/order_*.cpp): committed changes of state, by the state moved to.
  std::array<counter, order_states.size()> order_state_changes;
  void order_state_changed(std::string_view state) noexcept {
    for (std::size_t i = 0; i < order_states.size(); ++i)
      if (state == order_states[i]) return order_state_changes[i].inc();
  }

  // Popularity batch (actors/jobs/popularity_batch.cpp).
  counter popularity_runs_ok;
  counter popularity_runs_failed;
  gauge popularity_as_of_ms;       // the newest snapshot's batch time; 0: none yet
  gauge popularity_written_at_ms;  // when it was written

  // Cluster (actors/cluster/): membership as this node last read it, and what moved.
  gauge cluster_nodes_up;
  gauge cluster_nodes_leaving;
  gauge cluster_nodes_dead;
  gauge cluster_shards_owned;
  counter cluster_forwards;          // requests for an entity owned by another node, sent there
  counter cluster_forwards_failed;   // failed by the peer's down notice (503)
  counter cluster_forwards_retried;  // stale routing: sent again to the shard's new owner
  histogram cluster_forward_us;      // a bridge request's round trip through another node
  counter cluster_handoffs;          // shards this node gave up in a handoff
  counter cluster_takeovers;         // shards this node took from a dead or leaving node

 private:
  mutable std::mutex routes_mu_;
  std::deque<http_route_stats> routes_;
};

// The one instance of the process.
shop_metrics& global();

// The build's version (CMake project version).
const char* version();
// Which source it was built from: `git describe` at configure time, or "unknown".
const char* build();

}  // namespace shop::metrics
