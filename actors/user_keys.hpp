// Idempotency keys inside the user's actor: a keyed request acts at most once; its first reply is
// stored in the same journal unit as its change and handed out again to every repeat.
#pragma once

#include <string>

#include "actors/clock.hpp"
#include "actors/receipt.hpp"
#include "actors/user_state.hpp"
#include "persistence/tables.hpp"

namespace shop {

// A request's idempotency ticket: key "" when the client sent none.
using keyed_request = receipt_ticket;

// A refusal: answers `rp` and every waiting repeat with `err`; a retry with the key acts anew
// (nothing changed, so nothing is remembered).
inline void refuse_keyed(user_actor* self, const keyed_request& kr, const caf::error& err,
                         caf::response_promise rp) {
  rp.deliver(err);
  if (kr.key.empty()) return;
  auto& st = self->state;
  st.keys.abandon(kr.key);
  auto it = st.waiting.find(kr.key);
  if (it == st.waiting.end()) return;
  for (auto& w : it->second) w.deliver(err);
  st.waiting.erase(it);
}

// A success whose record is committed (by this actor or the one that made the change): answers
// `rp` and every waiting repeat with `reply`; later repeats replay it.
template <class Reply>
void settle_keyed(user_actor* self, const keyed_request& kr, const Reply& reply,
                  caf::response_promise rp) {
  rp.deliver(reply);
  if (kr.key.empty()) return;
  auto& st = self->state;
  st.keys.remember(receipt_record(kr, reply));
  if (auto it = st.waiting.find(kr.key); it != st.waiting.end()) {
    for (auto& w : it->second) w.deliver(reply);
    st.waiting.erase(it);
  }
}

// Persists `unit` plus, for a keyed request, the record of `reply`; then settles.
template <class Reply>
void commit_keyed(user_actor* self, const keyed_request& kr, persistence::journal_unit unit,
                  Reply reply, caf::response_promise rp) {
  auto& st = self->state;
  if (!kr.key.empty()) unit.rows.push_back(persistence::to_image(receipt_record(kr, reply)));
  persist(self, st.life, st.ctx.journal, std::move(unit),
          [self, kr, reply = std::move(reply), rp](caf::error err) mutable {
            if (err) return refuse_keyed(self, kr, err, rp);
            settle_keyed(self, kr, reply, rp);
          });
}

// Runs `act(keyed_request)` unless the key says otherwise: a repeat of a finished request gets
// its stored reply, a repeat of one still acting waits for it, a different request under the key
// gets IDEMPOTENCY_KEY_REUSED. `act` must end in commit_keyed or refuse_keyed.
template <class Reply, class Act>
void with_key(user_actor* self, std::string key, std::string request, caf::response_promise rp,
              Act act) {
  if (key.empty()) return act(keyed_request{});
  auto& st = self->state;
  auto now = wall_clock_ms();
  if (st.keys.size() > 32) st.keys.forget_expired(now);  // records older than 24 h leave memory
  auto found = st.keys.check(key, request, now);
  switch (found.v) {
    case idempotency_ledger::verdict::replay:
      if (auto reply = decode_reply<Reply>(found.record->response))
        rp.deliver(std::move(*reply));
      else
        rp.deliver(make_error(shop_error::storage_failed));
      return;
    case idempotency_ledger::verdict::conflict:
      rp.deliver(make_error(shop_error::idempotency_key_reused));
      return;
    case idempotency_ledger::verdict::in_progress:
      st.waiting[key].push_back(rp);
      return;
    case idempotency_ledger::verdict::fresh:
      break;
  }
  st.keys.begin(key, request);
  // The record needs an id of its own (rows are written behind; the service picks ids).
  self->request(st.ctx.ids, caf::infinite, next_id_atom::value,
                static_cast<std::uint8_t>(persistence::table_id::idempotency_keys), std::int64_t{1})
      .then(
          [=](std::int64_t id) mutable { act(keyed_request{id, self->state.row.id, key, request}); },
          [=](caf::error& e) mutable {
            refuse_keyed(self, keyed_request{0, self->state.row.id, key, request}, e, rp);
          });
}

}  // namespace shop
