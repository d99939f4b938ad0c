#include "actors/entities/idempotency_ledger.hpp"

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
  auto it = done_.find(key);
  if (it == done_.end() || now_ms - it->second.created_at_ms >= idempotency_window_ms)
    return {verdict::fresh};
  if (it->second.request != request) return {verdict::conflict};
  return {verdict::replay, &it->second};
}

void idempotency_ledger::begin(const std::string& key, const std::string& request) {
  acting_[key] = request;
}

void idempotency_ledger::abandon(const std::string& key) {
  acting_.erase(key);
}

void idempotency_ledger::remember(model::idempotency_row record) {
  acting_.erase(record.key);
  auto key = record.key;
  done_.insert_or_assign(std::move(key), std::move(record));
}

std::size_t idempotency_ledger::forget_expired(std::int64_t now_ms) {
  std::size_t n = 0;
  for (auto it = done_.begin(); it != done_.end();) {
    if (now_ms - it->second.created_at_ms >= idempotency_window_ms) {
      it = done_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

}  // namespace shop
