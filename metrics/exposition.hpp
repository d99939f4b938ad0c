// The Prometheus text exposition format (version 0.0.4): families with HELP and TYPE lines, then
// their samples. Used for the process counters here and for the gauges asked of actors at scrape
// time (http/handlers/operator_handlers.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/metrics.hpp"

namespace shop::metrics {

using labels = std::vector<std::pair<std::string_view, std::string_view>>;

inline constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

class text_writer {
 public:
  // Starts a family; `type` is counter, gauge or histogram.
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, const labels& ls, double value);
  void sample(std::string_view name, const labels& ls, std::uint64_t value);
  void sample(std::string_view name, const labels& ls, std::int64_t value);
  // The _bucket, _sum and _count samples of one histogram; observations are divided by `scale`
  // (1e6: microseconds read as seconds).
  void histogram_samples(std::string_view name, const labels& ls, const histogram::reading& h,
                         double scale = 1.0);

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void head(std::string_view name, const labels& ls, std::string_view extra_key = {},
            std::string_view extra_value = {});
  std::string out_;
};

// Every counter and histogram of `m` (requests, activations, journal, coupons, orders, ...).
void write_counters(text_writer& w, const shop_metrics& m);

}  // namespace shop::metrics
