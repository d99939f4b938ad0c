// How every entity actor starts: spawned as a child of its registry shard, with the context and
// lifecycle fields each entity's state holds (`ctx`, `life`) set the same way for every kind.
#pragma once

#include <caf/actor_cast.hpp>
#include <caf/local_actor.hpp>
#include <type_traits>

#include "actors/hosting/entity_context.hpp"
#include "actors/hosting/entity_interface.hpp"

namespace shop {

// The signature every entity kind's spawn function has (entity_factory binds the context).
// `claim`: the shard and epoch its node holds the entity's key at (the fence).
using entity_spawner = caf::actor (*)(caf::local_actor* parent, std::int64_t id,
                                      const shared_context& ctx, model::shard_claim claim,
                                      bool fresh);

// Spawns entity `id` of interface Iface with state State; `activate(self, id, fresh)` (a
// function) returns its first behavior (usually the running one, while its row loads).
template <class Iface, class State, class Activate>
caf::actor spawn_entity(caf::local_actor* parent, std::int64_t id, const shared_context& ctx,
                        model::shard_claim claim, bool fresh, Activate activate) {
  static_assert(std::is_pointer_v<Activate>, "activate is a function: it holds nothing");
  using self_pointer = typename Iface::template stateful_pointer<State>;
  // Captures nothing: CAF moves the spawn arguments into the call, so the actor keeps no copy
  // of them (a lambda's captures would live as long as the actor object).
  auto start = [](self_pointer self, std::int64_t id, shared_context ctx, model::shard_claim claim,
                  bool fresh, caf::actor shard, Activate activate) ->
      typename Iface::behavior_type {
        auto& st = self->state;
        // An error sent as a plain message (a peer's refusal of a one-way message) must not end the
        // entity: CAF's default would quit with it, which the registry reads as a crash.
        self->set_error_handler([](caf::error&) {});
        st.ctx = std::move(ctx);
        st.life.key = key_of(entity_kind_of<Iface>::value, id);
        st.life.claim = claim;
        st.life.node = &st.ctx->node_id;
        st.life.shard = std::move(shard);
        st.life.ttl = st.ctx->idle_ttl;
        return activate(self, id, fresh);
      };
  return caf::actor_cast<caf::actor>(
      parent->spawn(start, id, ctx, claim, fresh, caf::actor_cast<caf::actor>(parent), activate));
}

}  // namespace shop
