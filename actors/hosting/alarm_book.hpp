// When each live entity of a registry shard wants to be woken: one alarm per entity, read in
// coarse ticks. Thousands of orders then share their shard's one timer, instead of each order
// scheduling its own with CAF's clock thread (a thread wake-up per timer, measured at a fifth of
// the server's CPU per order; docs/benchmarks.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "actors/messages.hpp"

namespace shop {

class alarm_book {
 public:
  using clock = std::chrono::steady_clock;

  // Alarms are due at the end of the tick they fall in: at most `resolution` late, never early.
  explicit alarm_book(std::chrono::milliseconds resolution);

  // Sets k's alarm to `due`, replacing the one it had.
  void set(const entity_key& k, clock::time_point due);
  void erase(const entity_key& k);

  // Removes and returns the keys whose alarm is due by `now`.
  std::vector<entity_key> take_due(clock::time_point now);

  bool empty() const { return tick_of_.empty(); }
  std::size_t size() const { return tick_of_.size(); }
  std::chrono::milliseconds resolution() const { return resolution_; }

 private:
  std::int64_t tick_of(clock::time_point t) const;

  std::chrono::milliseconds resolution_;
  // An entity's earlier alarms stay in their tick's list until that tick is read; only the tick
  // in tick_of_ counts (cheaper than finding and removing them on every reset).
  std::map<std::int64_t, std::vector<entity_key>> keys_by_tick_;
  std::unordered_map<entity_key, std::int64_t, entity_key_hash> tick_of_;
};

}  // namespace shop
