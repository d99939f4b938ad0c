#include "tests/chaos/ledger.hpp"

namespace shop::chaos {

const char* name_of(op_kind k) {
  switch (k) {
    case op_kind::charge:
      return "charge";
    case op_kind::create_order:
      return "create order";
    case op_kind::pay:
      return "pay";
    case op_kind::cancel:
      return "cancel";
    case op_kind::issue_coupon:
      return "issue coupon";
    case op_kind::restock:
      return "restock";
  }
  return "?";
}

std::string attempt::label() const {
  switch (how) {
    case fate::answered:
      return std::to_string(status) + (code.empty() ? "" : " " + code);
    case fate::no_answer:
      return "no answer";
    case fate::unsent:
      return "unsent";
  }
  return "?";
}

resolution resolve(const request_record& r) {
  const attempt* refused_503 = nullptr;
  bool doubt = false;
  for (const auto& a : r.attempts) {
    if (a.how == fate::no_answer) doubt = true;
    if (a.how != fate::answered) continue;
    if (a.status == 503) {
      if (!refused_503) refused_503 = &a;
      continue;
    }
    return {a.status >= 200 && a.status < 300 ? verdict::applied : verdict::not_applied, &a};
  }
  // A request without an answer may have acted, whatever a later 503 to its key said.
  if (doubt) return {verdict::in_doubt, nullptr};
  return {verdict::not_applied, refused_503};
}

void ledger::add(request_record r) {
  std::lock_guard<std::mutex> lk(mu_);
  r.seq = next_++;
  records_.push_back(std::move(r));
}

std::size_t ledger::size() const {
  std::lock_guard<std::mutex> lk(mu_);
  return records_.size();
}

}  // namespace shop::chaos
