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
#include "actors/messages.hpp"

namespace shop {

// Spawns the actor for one key as a child of the registry shard `parent`. `fresh`: the id was
// just allocated, so no row exists and the entity may skip loading one.
using entity_factory =
    std::function<caf::actor(caf::local_actor* parent, std::int64_t id, bool fresh)>;
using entity_factories = std::unordered_map<std::uint8_t, entity_factory>;

class entity_registry {
 public:
  entity_registry() = default;
  explicit entity_registry(std::vector<caf::actor> shards) : shards_(std::move(shards)) {}

  const caf::actor& shard_for(const entity_key& k) const {
    return shards_[entity_key_hash{}(k) % shards_.size()];
  }

  const std::vector<caf::actor>& shards() const { return shards_; }

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
