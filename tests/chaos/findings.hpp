// What a run found wrong: each finding names its check ("money", "lost order", "5xx"...) and
// says what it saw. Any finding makes shop-chaos exit non-zero.
#pragma once

#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

namespace shop::chaos {

struct finding {
  int cycle = 0;
  std::string check;
  std::string text;
};

class findings {
 public:
  // The audit runs after every cycle over the whole ledger: a finding it makes again is kept
  // once, with the cycle that first saw it.
  void add(int cycle, std::string check, std::string text) {
    std::lock_guard<std::mutex> lk(mu_);
    for (const auto& f : all_)
      if (f.check == check && f.text == text) return;
    all_.push_back({cycle, std::move(check), std::move(text)});
  }
  std::vector<finding> all() const {
    std::lock_guard<std::mutex> lk(mu_);
    return all_;
  }
  std::size_t size() const {
    std::lock_guard<std::mutex> lk(mu_);
    return all_.size();
  }
  // Count per check.
  std::map<std::string, int> by_check() const {
    std::lock_guard<std::mutex> lk(mu_);
    std::map<std::string, int> m;
    for (const auto& f : all_) ++m[f.check];
    return m;
  }

 private:
  mutable std::mutex mu_;
  std::vector<finding> all_;
};

inline std::ostream& operator<<(std::ostream& os, const finding& f) {
  return os << "[cycle " << f.cycle << "] " << f.check << ": " << f.text;
}

}  // namespace shop::chaos
