// Wall-clock time as the shop stores it: milliseconds since the epoch, UTC.
#pragma once

#include <chrono>
#include <cstdint>

namespace shop {

inline std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace shop
