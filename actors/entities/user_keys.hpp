// Idempotency keys inside the user's actor: a keyed request acts at most once; its first answer
// (a reply, or a refusal by the shop's rules) is stored in the same journal unit as its change and
// handed out again to every repeat.
#pragma once

#include <string>

#include "actors/entities/receipt.hpp"
#include "actors/entities/user_state.hpp"
#include "actors/hosting/clock.hpp"
#include "model/reader_protocol.hpp"
#include "persistence/tables.hpp"

namespace shop {

// Answers `rp` and every repeat waiting on the key with `answer`.
template <class Answer>
void answer_all(user_self self, const receipt_ticket& kr, const Answer& answer,
                caf::response_promise& rp) {
  rp.deliver(answer);
  if (kr.key.empty()) return;
  auto& st = self->state;
  if (auto it = st.waiting.find(kr.key); it != st.waiting.end()) {
    for (auto& w : it->second) w.deliver(answer);
    st.waiting.erase(it);
  }
}

// Whether a refusal is the key's answer for good: the shop's rules said no (a repeat would hear
// the same). Not when the service could not act (retry_later), the caller may not act on what it
// named (403, not remembered: docs/api-notes.md) or no record id was obtained.
inline bool final_refusal(const receipt_ticket& kr, const caf::error& err, shop_error& out) {
  return !kr.key.empty() && kr.record_id != 0 && as_shop_error(err, out) && !retry_later(out) &&
         out != shop_error::forbidden;
}

// A refusal. A final one is stored under the key (committed before anyone is answered, so a
// repeat after a crash hears the same); otherwise the key is freed and a retry acts anew. A final
// refusal whose record cannot be written is not answered as final, since a repeat will act anew
// and may succeed: 503 when the journal takes no write (database down, queue full, this actor
// must reload), the journal's error when it refused the record.
inline void refuse_keyed(user_self self, const receipt_ticket& kr, const caf::error& err,
                         caf::response_promise rp) {
  auto& st = self->state;
  shop_error code;
  if (err == make_error(shop_error::outcome_unknown)) {
    // Another node may have committed the request (and its key's record) before it stopped
    // answering: this actor reloads from the database before it answers a repeat.
    st.life.reload = true;
    if (st.life.in_flight == 0) request_passivation(self, st.life);
  }
  if (!final_refusal(kr, err, code)) {
    if (!kr.key.empty()) st.keys.abandon(kr.key);
    return answer_all(self, kr, err, rp);
  }
  if (!admit_write(st.life, st.ctx->journal)) {
    st.keys.abandon(kr.key);
    return answer_all(self, kr, make_error(shop_error::unavailable), rp);
  }
  auto rec = refusal_record(kr, code);
  persist(self, st.life, st.ctx->journal, {{persistence::to_image(rec)}},
          [self, kr, rec, err, rp](caf::error stored) mutable {
            if (stored) {
              self->state.keys.abandon(kr.key);
              return answer_all(self, kr, stored, rp);
            }
            self->state.keys.remember(rec);
            answer_all(self, kr, err, rp);
          });
}

// A success whose record is committed (by this actor or the one that made the change): answers
// `rp` and every waiting repeat with `reply`; later repeats replay it.
template <class Reply>
void settle_keyed(user_self self, const receipt_ticket& kr, const Reply& reply,
                  caf::response_promise rp) {
  if (!kr.key.empty()) self->state.keys.remember(receipt_record(kr, reply));
  answer_all(self, kr, reply, rp);
}

// Persists `unit` plus, for a keyed request, the record of `reply`; then settles.
template <class Reply>
void commit_keyed(user_self self, const receipt_ticket& kr, model::journal_unit unit, Reply reply,
                  caf::response_promise rp) {
  auto& st = self->state;
  if (!kr.key.empty()) unit.rows.push_back(persistence::to_image(receipt_record(kr, reply)));
  persist(self, st.life, st.ctx->journal, std::move(unit),
          [self, kr, reply = std::move(reply), rp](caf::error err) mutable {
            if (err) return refuse_keyed(self, kr, err, rp);
            settle_keyed(self, kr, reply, rp);
          });
}

template <class Reply, class Act>
void with_key(user_self self, std::string key, std::string request, caf::response_promise rp,
              Act act, bool read = false);

// The key has a record of the last 24 hours that memory no longer holds in full (or its hash
// matches one): the record is read from the database, then the request is decided again. Other
// requests under the key wait for that one read, so at most one of them acts.
template <class Reply, class Act>
void read_record(user_self self, std::string key, std::string request, caf::response_promise rp,
                 Act act) {
  auto& st = self->state;
  auto [queue, first] = st.reading.try_emplace(key);
  queue->second.push_back([=](const caf::error& err) mutable {
    if (err) {
      rp.deliver(err);
      return;
    }
    with_key<Reply>(self, key, request, rp, act, true);
  });
  if (!first) return;
  auto decide = [self, key](const caf::error& err) {
    auto& st = self->state;
    auto waiting = std::move(st.reading[key]);
    st.reading.erase(key);
    for (auto& w : waiting) w(err);
  };
  ask_in_exchange<caf::optional<model::idempotency_row>>(
      self, st.life, caf::actor_cast<caf::actor>(st.ctx->readers),
      caf::make_message(model::load_receipt_atom::value, st.row.id, key,
                        wall_clock_ms() - idempotency_window_ms),
      [self, decide](caf::optional<model::idempotency_row>& record) {
        if (record) self->state.keys.recall(std::move(*record));
        decide(caf::error{});
      },
      // Nothing acted: a retry reads again.
      [decide](caf::error&) { decide(make_error(shop_error::unavailable)); });
}

// Runs `act(receipt_ticket)` unless the key says otherwise: a repeat of a finished request gets
// its stored reply, a repeat of one still acting waits for it, a different request under the key
// gets IDEMPOTENCY_KEY_REUSED. `act` must end in commit_keyed or refuse_keyed. `read` says the
// database was already asked for the key's record and has none of the last 24 hours.
template <class Reply, class Act>
void with_key(user_self self, std::string key, std::string request, caf::response_promise rp,
              Act act, bool read) {
  if (key.empty()) return act(receipt_ticket{});
  auto& st = self->state;
  auto now = wall_clock_ms();
  st.keys.forget_expired(now);
  auto found = st.keys.check(key, request, now);
  switch (found.v) {
    case idempotency_ledger::verdict::replay:
      if (auto answer = stored_answer<Reply>(found.record->response))
        rp.deliver(std::move(*answer));
      else
        rp.deliver(answer.error());
      return;
    case idempotency_ledger::verdict::conflict:
      rp.deliver(make_error(shop_error::idempotency_key_reused));
      return;
    case idempotency_ledger::verdict::in_progress:
      st.waiting[key].push_back(rp);
      return;
    case idempotency_ledger::verdict::stored:
      if (!read) return read_record<Reply>(self, std::move(key), std::move(request), rp, act);
      break;
    case idempotency_ledger::verdict::fresh:
      break;
  }
  st.keys.begin(key, request);
  // The record needs an id of its own (rows are written behind; the service picks ids).
  ask_in_exchange<std::int64_t>(
      self, st.life, st.ctx->ids,
      caf::make_message(next_id_atom::value,
                        static_cast<std::uint8_t>(model::table_id::idempotency_keys),
                        std::int64_t{1}),
      [=](std::int64_t id) mutable {
        act(receipt_ticket{id, self->state.row.id, key, request});
      },
      [=](caf::error& e) mutable {
        refuse_keyed(self, receipt_ticket{0, self->state.row.id, key, request}, e, rp);
      });
}

}  // namespace shop
