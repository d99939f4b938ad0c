#include "actors/hosting/alarm_book.hpp"

#include <algorithm>

namespace shop {

alarm_book::alarm_book(std::chrono::milliseconds resolution)
    : resolution_(std::max(resolution, std::chrono::milliseconds(1))) {}

std::int64_t alarm_book::tick_of(clock::time_point t) const {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  auto r = resolution_.count();
  return (ms + r - 1) / r;  // rounded up: an alarm is never early
}

void alarm_book::set(const entity_key& k, clock::time_point due) {
  auto tick = tick_of(due);
  auto [it, fresh] = tick_of_.try_emplace(k, tick);
  if (!fresh) {
    if (it->second == tick) return;
    it->second = tick;
  }
  keys_by_tick_[tick].push_back(k);
}

void alarm_book::erase(const entity_key& k) {
  tick_of_.erase(k);
}

std::vector<entity_key> alarm_book::take_due(clock::time_point now) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  auto last = ms / resolution_.count();  // ticks that have fully begun by now
  std::vector<entity_key> due;
  auto end = keys_by_tick_.upper_bound(last);
  for (auto it = keys_by_tick_.begin(); it != end; ++it)
    for (const auto& k : it->second)
      if (auto t = tick_of_.find(k); t != tick_of_.end() && t->second == it->first) {
        due.push_back(k);
        tick_of_.erase(t);
      }
  keys_by_tick_.erase(keys_by_tick_.begin(), end);
  return due;
}

}  // namespace shop
