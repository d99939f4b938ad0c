#include "actors/entities/key_stamps.hpp"

#include <algorithm>

#include "actors/entities/idempotency_ledger.hpp"

namespace shop {

void key_stamps::close_open_hour() {
  closed_hour h{open_newest_ms_, {open_.begin(), open_.end()}};
  std::sort(h.hashes.begin(), h.hashes.end());
  closed_.push_back(std::move(h));
  open_ = {};  // clear() would keep the bucket array
}

void key_stamps::add(std::uint64_t hash, std::int64_t at_ms) {
  if (!open_.empty() && at_ms - open_since_ms_ >= bucket_ms) close_open_hour();
  if (open_.empty()) open_since_ms_ = open_newest_ms_ = at_ms;
  // A late stamp joins the open hour, which then leaves no earlier than the stamp's own window.
  open_newest_ms_ = std::max(open_newest_ms_, at_ms);
  open_.insert(hash);
}

bool key_stamps::contains(std::uint64_t hash) const {
  if (open_.count(hash)) return true;
  return std::any_of(closed_.begin(), closed_.end(), [hash](const closed_hour& h) {
    return std::binary_search(h.hashes.begin(), h.hashes.end(), hash);
  });
}

std::size_t key_stamps::forget_expired(std::int64_t now_ms) {
  std::size_t n = 0;
  while (!closed_.empty() && now_ms - closed_.front().newest_ms >= idempotency_window_ms) {
    n += closed_.front().hashes.size();
    closed_.pop_front();
  }
  if (!open_.empty() && now_ms - open_newest_ms_ >= idempotency_window_ms) {
    n += open_.size();
    open_ = {};
  }
  return n;
}

std::size_t key_stamps::size() const {
  std::size_t n = open_.size();
  for (const auto& h : closed_) n += h.hashes.size();
  return n;
}

}  // namespace shop
