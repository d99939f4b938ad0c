// The hashes of the idempotency keys a user used in the last 24 hours, about 8 bytes a key: what
// the user's actor keeps of the records it does not hold in full. A hash present means "read the
// record before acting"; absent means the key is new. Pure data (no CAF, no SQL).
#pragma once

#include <cstdint>
#include <deque>
#include <unordered_set>
#include <vector>

namespace shop {

class key_stamps {
 public:
  // Hashes are grouped by the hour they were added in: an hour past the 24-hour window leaves as
  // one piece, and a closed hour is a sorted vector (8 bytes a hash).
  static constexpr std::int64_t bucket_ms = 60LL * 60 * 1000;

  void add(std::uint64_t hash, std::int64_t at_ms);
  bool contains(std::uint64_t hash) const;
  // Drops the hours whose newest hash is older than the window; returns how many hashes left.
  std::size_t forget_expired(std::int64_t now_ms);
  std::size_t size() const;

 private:
  struct closed_hour {
    std::int64_t newest_ms;
    std::vector<std::uint64_t> hashes;  // sorted
  };
  void close_open_hour();

  std::deque<closed_hour> closed_;  // oldest first
  std::unordered_set<std::uint64_t> open_;
  std::int64_t open_since_ms_ = 0;
  std::int64_t open_newest_ms_ = 0;
};

}  // namespace shop
