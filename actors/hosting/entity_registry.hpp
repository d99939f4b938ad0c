// The entity registry: the only way to reach a product, option, wallet, campaign or order actor by
// (kind, id). It activates an entity on first use (the entity loads its row), routes every message
// to it, and passivates it after it has been idle. A later cluster issue routes a key to the node
// that owns it here, in shard_for(), and nowhere else.
#pragma once

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/make_message.hpp>
#include <caf/message.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "actors/hosting/crash_watch.hpp"
#include "actors/hosting/entity_interface.hpp"
#include "actors/messages.hpp"

namespace shop {

// Spawns the actor for one key as a child of the registry shard `parent`. `fresh`: the id was
// just allocated, so no row exists and the entity may skip loading one. `claim`: the ownership
// it is activated under (model/row_image.hpp).
using entity_factory = std::function<caf::actor(caf::local_actor* parent, std::int64_t id,
                                                bool fresh, model::shard_claim claim)>;
using entity_factories = std::unordered_map<entity_kind, entity_factory>;

// A message for one entity and the shard to send it to (entity_registry::route).
struct entity_route {
  caf::actor shard;
  caf::message msg;
};

class entity_registry {
 public:
  entity_registry() = default;
  explicit entity_registry(std::vector<caf::actor> shards) : shards_(std::move(shards)) {}

  const caf::actor& shard_for(const entity_key& k) const {
    return shards_[entity_key_hash{}(k) % shards_.size()];
  }

  const std::vector<caf::actor>& shards() const { return shards_; }

  // Typed routing: entity `id` of the kind whose interface is Iface (user_actor, ...). A message
  // the interface does not list does not compile; the registry itself forwards it untyped.
  template <class Iface, class... Ts>
  entity_route route(std::int64_t id, Ts&&... xs) const {
    static_assert(accepts_v<Iface, Ts...>, "the entity's interface has no such message");
    auto k = key_of(entity_kind_of<Iface>::value, id);
    return {shard_for(k), routed(k, std::forward<Ts>(xs)...)};
  }

  // The same for an id just allocated (routed_new).
  template <class Iface, class... Ts>
  entity_route route_new(std::int64_t id, Ts&&... xs) const {
    static_assert(accepts_v<Iface, Ts...>, "the entity's interface has no such message");
    auto k = key_of(entity_kind_of<Iface>::value, id);
    return {shard_for(k), routed_new(k, std::forward<Ts>(xs)...)};
  }

  // A one-way notice for the entity only if it is live (routed_if_live).
  template <class Iface, class... Ts>
  entity_route route_if_live(std::int64_t id, Ts&&... xs) const {
    static_assert(accepts_v<Iface, Ts...>, "the entity's interface has no such message");
    static_assert(std::is_void_v<reply_of_t<Iface, Ts...>>, "a notice has no answer");
    auto k = key_of(entity_kind_of<Iface>::value, id);
    return {shard_for(k), routed_if_live(k, std::forward<Ts>(xs)...)};
  }

  // Requests (xs...) of entity `id`; the caller's handlers take reply_of_t<Iface, Ts...>.
  template <class Iface, class Self, class Timeout, class... Ts>
  auto request(Self* self, std::int64_t id, Timeout timeout, Ts&&... xs) const {
    auto r = route<Iface>(id, std::forward<Ts>(xs)...);
    return self->request(r.shard, timeout, std::move(r.msg));
  }

  // Sends the one-way message (xs...) to entity `id`.
  template <class Iface, class Self, class... Ts>
  void send(Self* self, std::int64_t id, Ts&&... xs) const {
    static_assert(std::is_void_v<reply_of_t<Iface, Ts...>>,
                  "use request: the message has an answer");
    auto r = route<Iface>(id, std::forward<Ts>(xs)...);
    send_untyped(self, r.shard, std::move(r.msg));
  }

  // A one-way message for entity k only if it is live now, or passivating and then revives (a
  // notice it would otherwise read from the database at its next activation anyway).
  template <class... Ts>
  static caf::message routed_if_live(const entity_key& k, Ts&&... xs) {
    return caf::make_message(route_if_live_atom::value, k,
                             caf::make_message(std::forward<Ts>(xs)...));
  }

  // The message a caller sends to shard_for(k) to reach entity k; the entity answers the caller.
  template <class... Ts>
  static caf::message routed(const entity_key& k, Ts&&... xs) {
    return caf::make_message(route_atom::value, k, caf::make_message(std::forward<Ts>(xs)...));
  }

  // The same for an entity whose id was just allocated (a new order): it is spawned without a
  // database read, since no row can exist yet.
  template <class... Ts>
  static caf::message routed_new(const entity_key& k, Ts&&... xs) {
    return caf::make_message(route_new_atom::value, k, caf::make_message(std::forward<Ts>(xs)...));
  }

 private:
  std::vector<caf::actor> shards_;
};

// Each shard also keeps its entities' alarms, read every `alarm_resolution` (alarm_book.hpp), and
// calls `on_crash` when one of its entities dies abnormally (crash_watch.hpp).
entity_registry spawn_entity_registry(caf::actor_system& sys, std::size_t shards,
                                      std::chrono::milliseconds alarm_resolution,
                                      crash_handler on_crash);

// Installs the factories (done once, after the entities' context, which holds the registry,
// exists).
void install_factories(const entity_registry& reg, std::shared_ptr<const entity_factories> f);

}  // namespace shop
