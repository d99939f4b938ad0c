// The one actor a node publishes to the others (CAF middleman): routing messages from another
// node enter here and go to the registry shard that holds the key, with the original sender and
// request id, so the entity answers the requester on the other node directly.
#pragma once

#include <caf/fwd.hpp>
#include <string>

#include "actors/hosting/entity_registry.hpp"

namespace shop::cluster {

//   (route_atom | route_new_atom | ask_if_live_atom, entity_key, message) -> the entity's answer
//   (route_if_live_atom, entity_key, message)                             -> nothing
//   (rerouted_atom, uint8 kind, entity_key, message)                     -> as above
//   (hello_atom)                                                          -> string node id
//   (hello_atom, string node id, bool lost)   -> nothing: to the membership actor
//   (routing_atom, routing)                   -> nothing: from the membership actor (local)
caf::actor spawn_node_gateway(caf::actor_system& sys, entity_registry registry,
                              std::string node_id);

}  // namespace shop::cluster
