#include "http/idempotency_header.hpp"

#include "actors/entities/idempotency_ledger.hpp"

namespace shop::http {

std::optional<std::string> idempotency_key(const call_ptr& c) {
  auto it = c->req().find("Idempotency-Key");
  if (it == c->req().end()) return std::string{};
  std::string key{it->value().data(), it->value().size()};
  if (!valid_idempotency_key(key)) {
    c->fail(shop_error::invalid_argument, "Idempotency-Key must be 1..64 visible ASCII characters");
    return std::nullopt;
  }
  return key;
}

}  // namespace shop::http
