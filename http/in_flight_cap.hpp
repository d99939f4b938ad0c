// How many requests the server is working on at once (dispatched, answer not yet written), and
// the most it takes: past the cap a request is refused at once (503 with Retry-After) instead of
// queueing behind the others, so a client opening many connections cannot starve the rest.
#pragma once

#include <atomic>
#include <cstddef>

namespace shop::http {

class in_flight_cap {
 public:
  // `max` 0 takes nothing.
  explicit in_flight_cap(std::size_t max) : max_(max) {}

  in_flight_cap(const in_flight_cap&) = delete;
  in_flight_cap& operator=(const in_flight_cap&) = delete;

  // Takes a place if one is free; never lets the count pass the cap, whatever the threads do.
  bool try_enter() noexcept;
  // Gives back a place taken by try_enter().
  void leave() noexcept;

  std::size_t current() const noexcept { return count_.load(std::memory_order_acquire); }
  std::size_t max() const noexcept { return max_; }

 private:
  const std::size_t max_;
  std::atomic<std::size_t> count_{0};
};

}  // namespace shop::http
