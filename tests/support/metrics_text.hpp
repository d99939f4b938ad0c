// Samples out of a Prometheus text exposition (GET /metrics), for tests.
#pragma once

#include <optional>
#include <sstream>
#include <string>

namespace shop::test {

// The value of the sample whose name and labels are exactly `series`; nullopt when absent.
inline std::optional<double> value_of(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ')
      return std::stod(line.substr(series.size() + 1));
  return std::nullopt;
}

inline double value_or_zero(const std::string& text, const std::string& series) {
  return value_of(text, series).value_or(0.0);
}

}  // namespace shop::test
