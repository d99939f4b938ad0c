#include "http/in_flight_cap.hpp"

namespace shop::http {

bool in_flight_cap::try_enter() noexcept {
  std::size_t n = count_.load(std::memory_order_relaxed);
  do {
    if (n >= max_) return false;
  } while (!count_.compare_exchange_weak(n, n + 1, std::memory_order_acq_rel,
                                         std::memory_order_relaxed));
  return true;
}

void in_flight_cap::leave() noexcept {
  count_.fetch_sub(1, std::memory_order_acq_rel);
}

}  // namespace shop::http
