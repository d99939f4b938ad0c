// Idempotency keys of one user: which requests already acted, and what they answered. Pure data
// (no CAF, no SQL); the user's actor holds one and stores each record in the same journal unit as
// the change it describes, so a replay after a crash still answers the same. Memory holds the
// newest records in full and only a stamp (key_stamps.hpp) of every other record of the last
// 24 hours: a key that matches a stamp is read from the database before anything acts.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "actors/entities/key_stamps.hpp"
#include "model/rows.hpp"

namespace shop {

constexpr std::int64_t idempotency_window_ms = 24LL * 60 * 60 * 1000;  // API.md: 24 hours

// How many of a user's newest records stay in memory in full: a retry usually follows its first
// send closely, so it is answered without a database read.
constexpr std::size_t idempotency_records_in_memory = 64;

// API.md: 1..64 visible ASCII characters.
bool valid_idempotency_key(std::string_view key);

class idempotency_ledger {
 public:
  enum class verdict {
    fresh,        // act, then remember()
    replay,       // answer record->response
    conflict,     // the key was used for a different request: IDEMPOTENCY_KEY_REUSED
    in_progress,  // the same request is acting right now: wait for its answer
    stored,       // the key may have a record not held in memory: read it, recall() it, ask again
  };
  struct lookup {
    verdict v;
    const model::idempotency_row* record = nullptr;
  };

  explicit idempotency_ledger(std::size_t held_limit = idempotency_records_in_memory)
      : held_limit_(held_limit) {}

  lookup check(const std::string& key, const std::string& request, std::int64_t now_ms) const;
  // Marks `key` as acting for `request` (after check() said fresh).
  void begin(const std::string& key, const std::string& request);
  // The request failed and changed nothing: a retry with the key acts anew.
  void abandon(const std::string& key);
  // The request succeeded: repeats replay it for 24 hours.
  void remember(model::idempotency_row record);
  // A record of the last 24 hours, not held in memory (the activation reads these).
  void stamp(const model::receipt_stamp& s);
  // A record read back after check() said stored: held again, so the key answers from memory.
  void recall(model::idempotency_row record);
  // Drops records older than the window (stamps an hour at a time: key_stamps.hpp).
  void forget_expired(std::int64_t now_ms);

  // Records held in full: at most the limit.
  std::size_t held() const { return held_.size(); }
  // Keys stamped, held or not.
  std::size_t stamped() const { return stamps_.size(); }

 private:
  void hold(model::idempotency_row record);

  std::size_t held_limit_;
  std::unordered_map<std::string, std::string> acting_;  // key -> request
  std::deque<model::idempotency_row> held_;              // newest last, one per key
  key_stamps stamps_;
};

}  // namespace shop
