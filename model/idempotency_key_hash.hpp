// The 64-bit hash a user's actor remembers an older idempotency key by (model::receipt_stamp).
// FNV-1a: the same on every node and run, so a stamp the readers compute from a stored key matches
// the one the actor computes from a request's key. A collision only costs a database look-up.
#pragma once

#include <cstdint>
#include <string_view>

namespace shop::model {

inline std::uint64_t idempotency_key_hash(std::string_view key) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace shop::model
