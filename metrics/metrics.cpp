#include "metrics/metrics.hpp"

#include <algorithm>

namespace shop::metrics {

histogram::histogram(std::initializer_list<std::uint64_t> upper_bounds) {
  for (auto b : upper_bounds) {
    if (n_ == max_bounds) break;
    bounds_[n_++] = b;
  }
  std::sort(bounds_.begin(), bounds_.begin() + static_cast<std::ptrdiff_t>(n_));
}

histogram::reading histogram::read() const {
  reading r;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= n_; ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    if (i < n_) r.bounds.push_back(bounds_[i]);
    r.cumulative.push_back(running);
  }
  r.sum = sum_.load(std::memory_order_relaxed);
  return r;
}

namespace {

// Microseconds: 50 us .. 10 s (a request answered from actor memory takes well under 1 ms).
histogram latency_histogram() {
  return histogram{50,    100,   250,    500,    1000,   2500,    5000,    10000,
                   25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 10000000};
}

}  // namespace

http_route_stats::http_route_stats(std::string method, std::string route)
    : method(std::move(method)), route(std::move(route)), latency(latency_histogram()) {}

shop_metrics::shop_metrics()
    : journal_batch_units{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096},
      journal_commit_us(latency_histogram()),
      cluster_forward_us(latency_histogram()) {}

http_route_stats& shop_metrics::route(std::string_view method, std::string_view pattern) {
  std::lock_guard<std::mutex> guard{routes_mu_};
  for (auto& r : routes_)
    if (r.method == method && r.route == pattern) return r;
  return routes_.emplace_back(std::string{method}, std::string{pattern});
}

std::vector<const http_route_stats*> shop_metrics::routes() const {
  std::lock_guard<std::mutex> guard{routes_mu_};
  std::vector<const http_route_stats*> out;
  for (const auto& r : routes_) out.push_back(&r);
  return out;
}

shop_metrics& global() {
  static shop_metrics instance;
  return instance;
}

const char* version() {
  return SHOP_VERSION;
}

const char* build() {
  return SHOP_BUILD;
}

}  // namespace shop::metrics
