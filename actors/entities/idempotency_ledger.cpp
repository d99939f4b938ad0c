#include "actors/entities/idempotency_ledger.hpp"

#include <algorithm>

#include "model/idempotency_key_hash.hpp"

namespace shop {

bool valid_idempotency_key(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char c : key)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

idempotency_ledger::lookup idempotency_ledger::check(const std::string& key,
                                                     const std::string& request,
                                                     std::int64_t now_ms) const {
  if (auto it = acting_.find(key); it != acting_.end())
    return {it->second == request ? verdict::in_progress : verdict::conflict};
  // A held record is the key's newest: a later one would have replaced it.
  auto it = std::find_if(held_.begin(), held_.end(),
                         [&](const model::idempotency_row& r) { return r.key == key; });
  if (it != held_.end()) {
    if (now_ms - it->created_at_ms >= idempotency_window_ms) return {verdict::fresh};
    if (it->request != request) return {verdict::conflict};
    return {verdict::replay, &*it};
  }
  if (stamps_.contains(model::idempotency_key_hash(key))) return {verdict::stored};
  return {verdict::fresh};
}

void idempotency_ledger::begin(const std::string& key, const std::string& request) {
  acting_[key] = request;
}

void idempotency_ledger::abandon(const std::string& key) {
  acting_.erase(key);
}

void idempotency_ledger::hold(model::idempotency_row record) {
  auto same = std::find_if(held_.begin(), held_.end(),
                           [&](const model::idempotency_row& r) { return r.key == record.key; });
  if (same != held_.end()) held_.erase(same);
  held_.push_back(std::move(record));
  // The oldest leaves memory in full; its stamp stays, so a repeat reads it from the database.
  while (held_.size() > held_limit_) held_.pop_front();
}

void idempotency_ledger::remember(model::idempotency_row record) {
  acting_.erase(record.key);
  stamps_.add(model::idempotency_key_hash(record.key), record.created_at_ms);
  hold(std::move(record));
}

void idempotency_ledger::stamp(const model::receipt_stamp& s) {
  stamps_.add(s.key_hash, s.created_at_ms);
}

void idempotency_ledger::recall(model::idempotency_row record) {
  hold(std::move(record));
}

void idempotency_ledger::forget_expired(std::int64_t now_ms) {
  held_.erase(std::remove_if(held_.begin(), held_.end(),
                             [&](const model::idempotency_row& r) {
                               return now_ms - r.created_at_ms >= idempotency_window_ms;
                             }),
              held_.end());
  stamps_.forget_expired(now_ms);
}

}  // namespace shop
