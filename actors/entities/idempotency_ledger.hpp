// Idempotency keys of one user: which requests already acted, and what they answered. Pure data
// (no CAF, no SQL); the user's actor holds one and stores each record in the same journal unit as
// the change it describes, so a replay after a crash still answers the same.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/rows.hpp"

namespace shop {

constexpr std::int64_t idempotency_window_ms = 24LL * 60 * 60 * 1000;  // API.md: 24 hours

// API.md: 1..64 visible ASCII characters.
bool valid_idempotency_key(std::string_view key);

class idempotency_ledger {
 public:
  enum class verdict {
    fresh,        // act, then remember()
    replay,       // answer record->response
    conflict,     // the key was used for a different request: IDEMPOTENCY_KEY_REUSED
    in_progress,  // the same request is acting right now: wait for its answer
  };
  struct lookup {
    verdict v;
    const model::idempotency_row* record = nullptr;
  };

  lookup check(const std::string& key, const std::string& request, std::int64_t now_ms) const;
  // Marks `key` as acting for `request` (after check() said fresh).
  void begin(const std::string& key, const std::string& request);
  // The request failed and changed nothing: a retry with the key acts anew.
  void abandon(const std::string& key);
  // The request succeeded (or the record was loaded): repeats replay it for 24 hours.
  void remember(model::idempotency_row record);
  // Drops records older than the window; returns how many.
  std::size_t forget_expired(std::int64_t now_ms);

  std::size_t size() const { return done_.size(); }

 private:
  std::unordered_map<std::string, std::string> acting_;  // key -> request
  std::unordered_map<std::string, model::idempotency_row> done_;
};

}  // namespace shop
