// How an absent entity creates its row (its id was just allocated, so no row exists): the one
// write that turns "no such entity" into a running one.
#pragma once

#include <caf/result.hpp>

#include "actors/hosting/entity_lifecycle.hpp"
#include "persistence/tables.hpp"

namespace shop {

// Takes `row` as the entity's state (`state.row`), becomes `running(self)` and answers `row` once
// its unit committed. Refused up front (UNAVAILABLE, nothing changed) when the journal admits no
// write.
template <class Self, class Row, class Running>
caf::result<Row> create_from_absent(Self* self, const Row& row, Running running) {
  auto& st = self->state;
  if (!admit_write(st.life, st.ctx->journal)) return make_error(shop_error::unavailable);
  st.row = row;
  st.life.ttl = st.ctx->idle_ttl;
  self->become(running(self));
  return persist_and_reply(self, st.life, st.ctx->journal, {{persistence::to_image(row)}}, row);
}

}  // namespace shop
