// Acting on a peer node's silence: an order on another node went down with a move unsettled here,
// or a payer on another node did not answer in time. That node may be paused, not dead, and
// commit what it had queued after this entity reloaded its rows; so the entity first has the
// node fenced in the database (fence_node in membership_store.hpp) and acts after.
#pragma once

#include <caf/node_id.hpp>

#include "actors/hosting/entity_registry.hpp"
#include "actors/messages.hpp"

namespace shop {

// Runs `then()` once `peer` can commit nothing it had queued: at once for this node or a lone
// node; otherwise when this node's membership actor fenced it (through a registry shard, which
// knows that actor).
template <class Self, class F>
void after_fencing(Self* self, const entity_registry& registry, const caf::node_id& peer, F then) {
  if (peer == self->node() || registry.shards().empty()) return then();
  self->request(registry.shards().front(), caf::infinite, fence_peer_atom::value, peer)
      .then([then](caf::ok_atom) mutable { then(); }, [then](caf::error&) mutable { then(); });
}

}  // namespace shop
