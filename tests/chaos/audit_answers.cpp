// Answers: no 5xx other than 503, every 503 with Retry-After, no refused token, no 409 for a key
// (every key names one request); every answer a key got is the first one (same status, same body),
// and every acknowledged keyed request left its idempotency record.
#include <nlohmann/json.hpp>

#include "tests/chaos/audit_checks.hpp"

namespace shop::chaos {
namespace {

bool same_answer(const attempt& a, const attempt& b) {
  if (a.status != b.status) return false;
  const auto ja = nlohmann::json::parse(a.body, nullptr, false);
  const auto jb = nlohmann::json::parse(b.body, nullptr, false);
  if (ja.is_discarded() || jb.is_discarded()) return a.body == b.body;
  return ja == jb;
}

std::string request_text(const request_record& r) {
  return std::string(name_of(r.kind)) + " #" + std::to_string(r.seq) + " " + r.method + " " +
         r.target + (r.key.empty() ? "" : " key " + r.key);
}

}  // namespace

void check_answers(const audit_input& in, std::vector<finding>& out) {
  for (const auto& r : in.log.records()) {
    const attempt* first = nullptr;
    for (const auto& a : r.attempts) {
      if (a.how != fate::answered) continue;
      const auto seen = request_text(r) + " on node-" + std::to_string(a.node) + ": " + a.label() +
                        " " + a.body.substr(0, 300);
      if (a.status >= 500 && a.status != 503) out.push_back({in.cycle, "5xx", seen});
      if (a.status == 503 && !a.retry_after)
        out.push_back({in.cycle, "503 without Retry-After", seen});
      if (a.status == 401 || a.status == 403) out.push_back({in.cycle, "auth", seen});
      if (a.code == "IDEMPOTENCY_KEY_REUSED") out.push_back({in.cycle, "key reuse", seen});
      if (r.key.empty() || a.status == 503) continue;
      if (!first) {
        first = &a;
      } else if (!same_answer(*first, a)) {
        out.push_back({in.cycle, "replay differs",
                       request_text(r) + ": first " + first->label() + " " +
                           first->body.substr(0, 300) + "; " + (a.replay ? "replay " : "then ") +
                           a.label() + " " + a.body.substr(0, 300)});
      }
    }
    if (!r.key.empty() && r.user != 0 && resolve(r).what == verdict::applied &&
        !in.shop.keys.count({r.user, r.key}))
      out.push_back({in.cycle, "key record", request_text(r) + ": acknowledged, no stored record"});
  }
}

}  // namespace shop::chaos
