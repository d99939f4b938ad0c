// The lifecycle every entity actor shares: idle tracking, passivation through the registry, and
// writes through the journal whose answer comes only after commit.
#pragma once

#include <caf/all.hpp>
#include <chrono>
#include <tuple>
#include <type_traits>
#include <utility>

#include "actors/hosting/clock.hpp"
#include "actors/hosting/entity_context.hpp"
#include "actors/hosting/entity_inspection.hpp"
#include "actors/shop_error.hpp"
#include "metrics/metrics.hpp"
#include "model/storage_error.hpp"

namespace shop {

struct entity_life {
  entity_key key;
  caf::actor shard;
  // The ownership the entity was activated under (cluster shard and epoch): every unit it
  // commits, or hands to another entity to commit, carries it (the fence).
  model::shard_claim claim;
  const std::string* node = nullptr;  // this node's name, for operators (in the shared context)
  std::chrono::milliseconds ttl{0};
  std::chrono::steady_clock::time_point last_touch = std::chrono::steady_clock::now();
  int in_flight = 0;  // journal units and exchanges (see begin_exchange) not yet answered
  bool passivating = false;
  // A unit failed (refused or not): memory may be ahead of the database. The entity takes no
  // more writes and passivates as soon as nothing is in flight, so its next activation reloads
  // the committed rows.
  bool reload = false;
  // Comes back at once after a reload's passivation instead of at its next request: for an
  // entity whose figures others show from its reports (an option's, in its product's views).
  bool back_after_reload = false;
  std::int64_t activated_at_ms = wall_clock_ms();  // shown to operators (GET /admin/actors)

  void touch() { last_touch = std::chrono::steady_clock::now(); }
};

// Maps persistence and runtime failures to what a client hears.
inline caf::error to_shop_error(const caf::error& e) {
  shop_error se;
  if (as_shop_error(e, se)) return e;
  if (model::is(e, model::storage_error::rejected)) return make_error(shop_error::storage_failed);
  return make_error(shop_error::unavailable);
}

// Asks the shard for `wake` after `delay`, replacing the entity's earlier alarm: an entity has
// one alarm, and every `wake` sets the next one (or the entity passivates).
template <class Self>
void set_alarm(Self* self, const entity_life& life, std::chrono::milliseconds delay) {
  auto due = std::chrono::steady_clock::now() + delay;
  send_untyped(
      self, life.shard, alarm_atom::value, life.key,
      std::chrono::duration_cast<std::chrono::milliseconds>(due.time_since_epoch()).count());
}

// Starts the idle alarm; call once when the entity is spawned.
template <class Self>
void start_life(Self* self, entity_life& life) {
  set_alarm(self, life, life.ttl);
}

// Asks the registry to passivate this entity now (idle, or its state must be reloaded).
template <class Self>
void request_passivation(Self* self, entity_life& life) {
  send_untyped(self, life.shard, idle_atom::value, life.key);
}

// The idle check at an entity's `wake`: passivates it once idle for its ttl; checks again a ttl
// later either way (a passivation can be revived).
template <class Self>
void check_idle(Self* self, entity_life& life) {
  auto idle = std::chrono::steady_clock::now() - life.last_touch;
  if (!life.passivating && life.in_flight == 0 && idle >= life.ttl) request_passivation(self, life);
  set_alarm(self, life, life.ttl);
}

// The idle check as an entity's `wake` handler (an order's own `wake` also watches its hold).
template <class Self>
auto idle_wake(Self* self, entity_life& life) {
  return [self, &life](wake_atom) { check_idle(self, life); };
}

// `inspect` where there is no entity (an absent one): its kind's *_NOT_FOUND.
inline auto absent_inspect(const entity_life& life) {
  return [&life](inspect_atom) -> caf::result<entity_report> {
    return make_error(not_found_of(life.key.kind));
  };
}

// The messages waiting in `self`'s mailbox as of the start of its current round (CAF takes what
// arrived meanwhile at the next round). Not mailbox().size(): that moves the newer messages into
// the queue this handler runs from, which CAF 0.17 does not expect from inside a handler (UBSan
// reports a downcast of the queue's sentinel node when that queue is empty).
template <class Self>
std::int64_t mailbox_depth(Self* self) {
  return static_cast<std::int64_t>(self->mailbox().queue().total_task_size());
}

// The shard stopped routing to the entity: it quits. Work that reached the entity after its idle
// notice (a direct `settled`-awaiting move) may wait on a message the shard now holds for this
// key: draining would never end. So a busy entity stays (one that must reload asks again when its
// work is done).
template <class Self>
void passivate_or_revive(Self* self, entity_life& life) {
  if (life.in_flight > 0) {
    send_untyped(self, life.shard, revive_atom::value, life.key);
    set_alarm(self, life, life.ttl);  // the shard drops the alarms of draining entities
    return;
  }
  life.passivating = true;
  if (life.reload && life.back_after_reload)  // held by the shard until this one is gone
    send_untyped(self, life.shard, route_atom::value, life.key,
                 caf::make_message(wake_atom::value));
  self->quit();
}

// An entity's typed behavior: its own handlers `fs` (including `wake` and `inspect`, which differ
// by kind and state; see idle_wake, absent_inspect) and the lifecycle_interface handlers every
// entity shares. The compiler checks that together they answer exactly the entity's interface.
template <class Self, class... Fs>
typename Self::behavior_type entity_behavior(Self* self, entity_life& life, Fs... fs) {
  return {
      std::move(fs)...,
      [self, &life](passivate_atom) { passivate_or_revive(self, life); },
      [self, &life](passivate_atom, stale_atom) {
        // Its units would be refused by the fence: a busy one takes no more writes and goes
        // when its work is done; the next activation loads anew.
        if (life.in_flight > 0) life.reload = true;
        passivate_or_revive(self, life);
      },
      // A scrape's probe (entity_registry.cpp): messages queued behind it.
      [self](depth_atom) { return mailbox_depth(self); },
  };
}

// What an entity reports to `(inspect_atom)`: its lifecycle figures plus `state` (describe()).
template <class Self>
entity_report report_of(Self* self, const entity_life& life, std::int64_t version,
                        std::vector<state_field> state) {
  entity_report r;
  r.key = life.key;
  if (life.node) r.node = *life.node;
  r.activated_at_ms = life.activated_at_ms;
  r.mailbox_depth = mailbox_depth(self);
  r.in_flight = life.in_flight;
  r.passivating = life.passivating;
  r.version = version;
  r.state = std::move(state);
  return r;
}

// An exchange with another actor that a client's answer waits on (an id, a lookup, a campaign's
// issue). While one is open the entity does not quit, so a passivation never leaves a promise
// unanswered. Every begin_exchange is matched by one end_exchange, in both continuations.
inline void begin_exchange(entity_life& life) {
  ++life.in_flight;
}

template <class Self>
void end_exchange(Self* self, entity_life& life) {
  if (--life.in_flight > 0) return;
  if (life.passivating)
    self->quit();
  else if (life.reload)
    request_passivation(self, life);
}

// Hands `unit` to the journal; `done(error)` runs once it committed (no error) or failed.
// A failed unit means memory may be ahead of the database: the entity passivates so its next
// activation reloads the committed rows.
template <class Self, class Done>
void persist(Self* self, entity_life& life, const persistence::journal& j, model::journal_unit unit,
             Done done) {
  model::add_claim(unit.claims, life.claim);
  ++life.in_flight;
  auto finished = [self, &life] { end_exchange(self, life); };
  self->request(j.writer, caf::infinite, model::commit_atom::value, std::move(unit))
      .then(
          [done, finished](caf::ok_atom) mutable {
            done(caf::error{});
            finished();
          },
          [self, &life, done, finished](caf::error& e) mutable {
            life.reload = true;  // passivates once nothing else is in flight (end_exchange)
            done(to_shop_error(e));
            finished();
          });
}

// Persists `unit` and answers the current request with `reply` once it committed, or with the
// failure. Returns the promise for the handler to return.
template <class Self, class Reply>
caf::response_promise persist_and_reply(Self* self, entity_life& life,
                                        const persistence::journal& j, model::journal_unit unit,
                                        Reply reply) {
  auto rp = self->make_response_promise();
  persist(self, life, j, std::move(unit), [rp, reply = std::move(reply)](caf::error err) mutable {
    if (err)
      rp.deliver(std::move(err));
    else
      rp.deliver(std::move(reply));
  });
  return rp;
}

// Activation: asks the readers `load` (a tuple of the reader_pool message answering
// caf::optional<Row>) and handles nothing else until the answer (await). `found(row)` takes a row;
// no row becomes `absent(not_found)`, a failed load `absent(unavailable)`. The idle alarm starts
// either way.
template <class Row, class Self, class Found, class Absent, class... Load>
void activate_from_row(Self* self, entity_life& life, const entity_context& ctx,
                       std::tuple<Load...> load, caf::error not_found, Found found, Absent absent) {
  static_assert(std::is_same_v<reply_of_t<persistence::reader_pool, Load...>, caf::optional<Row>>,
                "the load answers no Row");
  std::apply(
      [&](auto&... xs) { return self->request(ctx.readers, ctx.load_timeout, std::move(xs)...); },
      load)
      .await(
          [self, &life, not_found, found, absent](caf::optional<Row>& row) mutable {
            if (row) {
              start_life(self, life);  // first: `found` may set an alarm of its own (a hold)
              found(std::move(*row));
            } else {
              self->become(absent(not_found));  // sets the absent entity's ttl
              start_life(self, life);
            }
          },
          [self, &life, absent](caf::error& e) mutable {
            self->become(absent(to_shop_error(e)));
            start_life(self, life);
          });
}

// Admits a write up front; false means answer shop_error::unavailable and change nothing.
inline bool admit_write(const entity_life& life, const persistence::journal& j) {
  return !life.reload && j.gate->try_admit();
}

// A request to `dest` as one exchange: `on_reply(Reply&)` or `on_error(caf::error&)` runs in the
// actor, and the exchange ends after it.
template <class Reply, class Self, class OnReply, class OnError>
void ask_in_exchange(Self* self, entity_life& life, const caf::actor& dest, caf::message msg,
                     OnReply on_reply, OnError on_error) {
  begin_exchange(life);
  self->request(dest, caf::infinite, std::move(msg))
      .then(
          [self, &life, on_reply](Reply& r) mutable {
            on_reply(r);
            end_exchange(self, life);
          },
          [self, &life, on_error](caf::error& e) mutable {
            on_error(e);
            end_exchange(self, life);
          });
}

// ask_in_exchange of entity `id` of interface Iface (user_actor, ...), through the registry: a
// message the interface does not list does not compile, and `on_reply` takes what it answers.
template <class Iface, class Self, class OnReply, class OnError, class... Ts>
void ask_entity(Self* self, entity_life& life, const entity_registry& reg, std::int64_t id,
                OnReply on_reply, OnError on_error, Ts&&... xs) {
  auto r = reg.route<Iface>(id, std::forward<Ts>(xs)...);
  ask_in_exchange<reply_of_t<Iface, Ts...>>(self, life, r.shard, std::move(r.msg),
                                            std::move(on_reply), std::move(on_error));
}

}  // namespace shop
