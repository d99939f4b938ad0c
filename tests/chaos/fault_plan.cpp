#include "tests/chaos/fault_plan.hpp"

#include <map>
#include <stdexcept>

namespace shop::chaos {
namespace {

struct kind_row {
  fault_kind kind;
  int default_ms;
  bool takes_ms;
};

const std::map<std::string, kind_row>& kinds() {
  static const std::map<std::string, kind_row> k = {
      {"none", {fault_kind::none, 0, false}},
      {"kill9", {fault_kind::kill9, 0, true}},
      {"sigterm", {fault_kind::sigterm, 0, true}},
      {"sigstop", {fault_kind::sigstop, 3000, true}},
      {"dbrestart", {fault_kind::dbrestart, 2000, true}},
      {"restart", {fault_kind::restart, 0, false}},
  };
  return k;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

fault_step parse_step(const std::string& raw) {
  const auto text = trim(raw);
  const auto colon = text.find(':');
  const auto name = text.substr(0, colon);
  const auto it = kinds().find(name);
  if (it == kinds().end())
    throw std::invalid_argument("unknown fault '" + name +
                                "' (none, kill9, sigterm, sigstop, dbrestart, restart)");
  fault_step s{it->second.kind, it->second.default_ms};
  if (colon == std::string::npos) return s;
  if (!it->second.takes_ms) throw std::invalid_argument("fault '" + name + "' takes no duration");
  const auto ms = text.substr(colon + 1);
  std::size_t used = 0;
  long v = -1;
  try {
    v = std::stol(ms, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != ms.size() || v < 0 || v > 3600000)
    throw std::invalid_argument("bad duration in '" + text + "' (milliseconds, 0..3600000)");
  s.ms = static_cast<int>(v);
  return s;
}

}  // namespace

std::string fault_step::text() const {
  for (const auto& [name, row] : kinds())
    if (row.kind == kind) return row.takes_ms ? name + ":" + std::to_string(ms) : name;
  return "?";
}

std::vector<fault_step> parse_plan(const std::string& plan) {
  std::vector<fault_step> steps;
  std::size_t from = 0;
  for (;;) {
    const auto comma = plan.find(',', from);
    steps.push_back(parse_step(plan.substr(from, comma - from)));
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return steps;
}

bool targets_one_node(const fault_step& s) {
  return s.kind == fault_kind::kill9 || s.kind == fault_kind::sigterm ||
         s.kind == fault_kind::sigstop;
}

}  // namespace shop::chaos
