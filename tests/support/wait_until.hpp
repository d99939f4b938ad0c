// Polling for tests: how a test waits for something that happens on another thread or process.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace shop::test {

// Polls `cond` every `interval` until it holds (true) or `cap` passes (false).
inline bool wait_until(const std::function<bool()>& cond, std::chrono::milliseconds cap,
                       std::chrono::milliseconds interval = std::chrono::milliseconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + cap;
  while (!cond()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
  return true;
}

}  // namespace shop::test
