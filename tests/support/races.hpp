// Parallel requests in tests: threads that send them (no Catch2 assertions inside threads) and
// what came back, counted by answer.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.hpp"

namespace shop::test {

using nlohmann::json;

inline void run_threads(int n, const std::function<void(int)>& body) {
  std::vector<std::thread> ts;
  for (int i = 0; i < n; ++i) ts.emplace_back(body, i);
  for (auto& t : ts) t.join();
}

// One request's fate; status 0: not sent, or no answer (`tried`: it was sent).
struct outcome {
  int status = 0;
  std::string code;
  json body;
  bool tried = false;
  std::string label() const {
    return status == 0 ? (tried ? "no answer" : "not tried")
                       : std::to_string(status) + (code.empty() ? "" : " " + code);
  }
};

inline outcome outcome_of(const http_result& r) {
  outcome o{r.status, "", json::parse(r.body, nullptr, false), true};
  if (o.body.is_object() && o.body.contains("code") && o.body["code"].is_string())
    o.code = o.body["code"].get<std::string>();
  return o;
}

// Answers by label ("201", "400 INSUFFICIENT_STOCK", "no answer", ...) -> count.
inline std::map<std::string, int> tally(const std::vector<outcome>& out) {
  std::map<std::string, int> t;
  for (const auto& o : out) ++t[o.label()];
  return t;
}

inline std::string describe(const std::map<std::string, int>& t) {
  std::string s;
  for (const auto& [k, n] : t) s += "[" + k + "] x" + std::to_string(n) + "  ";
  return s;
}

}  // namespace shop::test
