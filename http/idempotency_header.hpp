// The Idempotency-Key header of API.md, read once for every handler that takes it.
#pragma once

#include <optional>
#include <string>

#include "http/request_call.hpp"

namespace shop::http {

// "" when the header is absent; nullopt (after answering 400 INVALID_ARGUMENT) when it is not
// 1..64 visible ASCII characters.
std::optional<std::string> idempotency_key(const call_ptr& c);

}  // namespace shop::http
