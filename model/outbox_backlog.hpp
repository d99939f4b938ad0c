// How far delivery to the data platform lags (GET /metrics).
#pragma once

#include <caf/meta/type_name.hpp>
#include <cstdint>

namespace shop::model {

struct outbox_backlog {
  std::int64_t pending = 0;               // paid orders not yet delivered (order_outbox rows)
  std::int64_t oldest_created_at_ms = 0;  // 0: none pending
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, outbox_backlog& x) {
  return f(caf::meta::type_name("outbox_backlog"), x.pending, x.oldest_created_at_ms);
}

}  // namespace shop::model
