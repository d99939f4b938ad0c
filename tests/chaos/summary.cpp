#include "tests/chaos/summary.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace shop::chaos {

request_counts count_requests(const ledger& l, std::optional<int> cycle) {
  request_counts c;
  for (const auto& r : l.records()) {
    if (cycle && r.cycle != *cycle) continue;
    if (r.attempts.empty()) continue;
    const auto& a = r.attempts.front();
    ++c.requests;
    ++c.by_kind[name_of(r.kind)];
    if (!r.key.empty()) ++c.keyed;
    if (a.how == fate::unsent) {
      ++c.unsent;
    } else if (a.how == fate::no_answer) {
      ++c.unknown;
    } else if (a.status >= 200 && a.status < 300) {
      ++c.acked;
    } else {
      ++c.refused;
      ++c.refused_by_answer[a.label()];
    }
  }
  return c;
}

void add_to(replay_counts& total, const replay_counts& one) {
  total.unknown += one.unknown;
  total.resolved += one.resolved;
  total.sampled += one.sampled;
  total.unkeyed_unknown += one.unkeyed_unknown;
}

std::string cycle_line(const request_counts& c, const replay_counts& r) {
  std::ostringstream os;
  os << "  requests " << c.requests << ": acked " << c.acked << ", refused " << c.refused
     << ", unknown " << c.unknown << " (keyed " << r.unknown << ", resolved " << r.resolved
     << "; unkeyed in doubt " << r.unkeyed_unknown << "), unsent " << c.unsent << "; replayed "
     << r.sampled << " answered keys";
  return os.str();
}

void print_takeovers(std::ostream& os, std::vector<long> ms, int lease_ms) {
  if (ms.empty()) return;
  std::sort(ms.begin(), ms.end());
  const auto n = ms.size();
  const double median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2.0;
  os << "takeover (kill -9 to the first answer for the node's customer through another node): " << n
     << " kills, median " << median << " ms, max " << ms.back()
     << " ms (bound: lease + 5 s = " << lease_ms + 5000 << " ms)\n";
}

void print_summary(std::ostream& os, const ledger& l, const replay_counts& replays,
                   const findings& f, double seconds) {
  const auto c = count_requests(l);
  os << "\n=== shop-chaos summary (" << std::fixed << std::setprecision(1) << seconds << " s)\n";
  os << "requests " << c.requests << " (keyed " << c.keyed << "): acked " << c.acked << ", refused "
     << c.refused << ", unknown " << c.unknown << ", unsent " << c.unsent << "\n";
  os << "by kind:";
  for (const auto& [k, n] : c.by_kind) os << " " << k << " " << n << ";";
  os << "\nrefused by answer:";
  for (const auto& [k, n] : c.refused_by_answer) os << " [" << k << "] " << n << ";";
  os << "\nunknown: " << replays.unknown << " keyed (resolved by replay " << replays.resolved
     << "), " << replays.unkeyed_unknown << " unkeyed left in doubt; answered keys replayed "
     << replays.sampled << "\n";
  const auto all = f.all();
  os << "findings: " << all.size() << "\n";
  // The first few of each check: a broken shop makes thousands, and the first say what broke.
  std::map<std::string, int> shown;
  for (const auto& x : all)
    if (++shown[x.check] <= 10) os << "  " << x << "\n";
  for (const auto& [check, n] : shown)
    if (n > 10) os << "  ... and " << n - 10 << " more " << check << " findings\n";
  if (all.empty()) {
    os << "RESULT: PASSED (no finding)\n";
  } else {
    os << "RESULT: FAILED (" << all.size() << " findings:";
    for (const auto& [check, n] : f.by_check()) os << " " << check << " " << n << ";";
    os << ")\n";
  }
}

}  // namespace shop::chaos
