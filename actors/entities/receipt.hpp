// The stored first answer of a keyed request, built by whichever actor commits the change (so the
// record lands in the same journal unit as the change it describes).
#pragma once

#include <cstdlib>
#include <string>

#include "actors/entities/reply_codec.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/messages.hpp"
#include "actors/shop_error.hpp"
#include "model/rows.hpp"

namespace shop {

template <class Reply>
model::idempotency_row receipt_record(const receipt_ticket& t, const Reply& reply) {
  return {t.record_id, t.user_id, t.key, t.request, encode_reply(reply), wall_clock_ms(), 1};
}

// A refusal by the shop's rules is a key's first answer too: stored as "E:<shop_error>".
inline model::idempotency_row refusal_record(const receipt_ticket& t, shop_error e) {
  return {t.record_id,     t.user_id, t.key, t.request, "E:" + std::to_string(static_cast<int>(e)),
          wall_clock_ms(), 1};
}

// The stored answer as the reply or the refusal it was; storage_failed if it cannot be read.
template <class Reply>
caf::expected<Reply> stored_answer(const std::string& response) {
  if (response.rfind("E:", 0) == 0) {
    int code = std::atoi(response.c_str() + 2);
    if (code > 0) return make_error(static_cast<shop_error>(code));
  } else if (auto reply = decode_reply<Reply>(response)) {
    return std::move(*reply);
  }
  return make_error(shop_error::storage_failed);
}

}  // namespace shop
