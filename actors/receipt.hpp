// The stored first answer of a keyed request, built by whichever actor commits the change (so the
// record lands in the same journal unit as the change it describes).
#pragma once

#include "actors/clock.hpp"
#include "actors/messages.hpp"
#include "actors/reply_codec.hpp"
#include "persistence/rows.hpp"

namespace shop {

template <class Reply>
persistence::idempotency_row receipt_record(const receipt_ticket& t, const Reply& reply) {
  return {t.record_id, t.user_id, t.key, t.request, encode_reply(reply), wall_clock_ms(), 1};
}

}  // namespace shop
