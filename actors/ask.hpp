// The bridge from non-actor code (the HTTP front's I/O threads) into the actor world: send a
// request and get the typed reply, or an error, in a callback, without blocking the caller.
#pragma once

#include "actors/entity_registry.hpp"

#include <caf/all.hpp>

#include <chrono>
#include <functional>

namespace shop {

template <class Reply>
using reply_fn = std::function<void(caf::expected<Reply>)>;

// A one-shot actor makes the request and ends with the answer; `done` runs on an actor thread.
// `timeout` is a std::chrono duration or caf::infinite (writes: their answer waits for the commit).
template <class Reply, class Timeout>
void ask(caf::actor_system& sys, const caf::actor& dest, Timeout timeout, caf::message msg,
         reply_fn<Reply> done) {
  sys.spawn(
      [dest, timeout = caf::duration{timeout}, msg = std::move(msg), done = std::move(done)](caf::event_based_actor* self) {
        self->request(dest, timeout, std::move(msg))
            .then([done](Reply& r) { done(std::move(r)); },
                  [done](caf::error& e) { done(std::move(e)); });
      });
}

// The same, addressed to an entity by (kind, id) through the registry.
template <class Reply, class Timeout, class... Ts>
void ask_entity(caf::actor_system& sys, const entity_registry& reg, const entity_key& k,
                Timeout timeout, reply_fn<Reply> done, Ts&&... xs) {
  ask<Reply>(sys, reg.shard_for(k), timeout, entity_registry::routed(k, std::forward<Ts>(xs)...),
             std::move(done));
}

}  // namespace shop
