// The bridge from non-actor code (the HTTP front's I/O threads) into the actor world: send a
// request and get the typed reply, or an error, in a callback, without blocking the caller.
#pragma once

#include <caf/all.hpp>
#include <chrono>
#include <functional>

#include "actors/cluster/routing_table.hpp"
#include "actors/hosting/entity_registry.hpp"

namespace shop {

template <class Reply>
using reply_fn = std::function<void(caf::expected<Reply>)>;

// A bridge actor keeps the newest routing table (a lone node: none) only to tell which of its
// requests went to another node, for the forward latency metric; routing itself is the registry's.
struct bridge_state {
  cluster::routing routes;
  static inline const char* name = "actor_bridge";
};
using bridge_actor = caf::stateful_actor<bridge_state>;

// A request to run inside a bridge actor (local only: it carries a callback).
struct ask_job {
  std::function<void(bridge_actor*)> run;
};

// Times a request whose entity another node owns (shop_cluster_forward_duration_seconds): the
// round trip as the caller sees it, the hop included. Null when the entity is served here.
std::shared_ptr<void> time_if_forwarded(const bridge_actor* self, const entity_key& k);

// A few long-lived actors make requests on behalf of non-actor callers and hand each answer to
// the caller's callback (which runs on an actor thread and must not block). Cheaper than an actor
// per request; each caller thread picks the next bridge actor round-robin on its own.
class actor_bridge {
 public:
  actor_bridge(caf::actor_system& sys, std::size_t actors);

  // `timeout` is a std::chrono duration or caf::infinite (writes: their answer waits for the
  // commit, see docs/architecture.md).
  template <class Reply, class Timeout>
  void ask(const caf::actor& dest, Timeout timeout, caf::message msg, reply_fn<Reply> done) const {
    ask_job job{[dest, timeout = caf::duration{timeout}, msg = std::move(msg),
                 done = std::move(done)](bridge_actor* self) mutable {
      self->request(dest, timeout, std::move(msg))
          .then([done](Reply& r) { done(std::move(r)); },
                [done](caf::error& e) { done(std::move(e)); });
    }};
    caf::anon_send(next(), std::move(job));
  }

  // A request of (xs...) to `dest`, an actor with a typed interface (the reader pool): a message
  // the interface does not list does not compile, and `done` takes what it answers.
  template <class Iface, class Timeout, class... Ts>
  void request(const Iface& dest, Timeout timeout, reply_fn<reply_of_t<Iface, Ts...>> done,
               Ts&&... xs) const {
    static_assert(accepts_v<Iface, Ts...>, "the actor's interface has no such message");
    ask<reply_of_t<Iface, Ts...>>(caf::actor_cast<caf::actor>(dest), timeout,
                                  caf::make_message(std::forward<Ts>(xs)...), std::move(done));
  }

  // The same to entity `id` of interface Iface (user_actor, ...) through the registry
  // (entity_registry::route): a message the entity does not handle does not compile, and `done`
  // takes what it answers.
  template <class Iface, class Timeout, class... Ts>
  void ask_entity(const entity_registry& reg, std::int64_t id, Timeout timeout,
                  reply_fn<reply_of_t<Iface, Ts...>> done, Ts&&... xs) const {
    static_assert(!std::is_void_v<reply_of_t<Iface, Ts...>>, "a notice has no answer to wait for");
    using reply = reply_of_t<Iface, Ts...>;
    auto r = reg.route<Iface>(id, std::forward<Ts>(xs)...);
    ask_job job{[dest = r.shard, key = key_of(entity_kind_of<Iface>::value, id),
                 timeout = caf::duration{timeout}, msg = std::move(r.msg),
                 done = std::move(done)](bridge_actor* self) mutable {
      self->request(dest, timeout, std::move(msg))
          .then([done, t = time_if_forwarded(self, key)](reply& x) { done(std::move(x)); },
                [done](caf::error& e) { done(std::move(e)); });
    }};
    caf::anon_send(next(), std::move(job));
  }

  void stop() const;
  const std::vector<caf::actor>& actors() const { return actors_; }

 private:
  const caf::actor& next() const;
  std::vector<caf::actor> actors_;
};

}  // namespace shop

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(shop::ask_job)
