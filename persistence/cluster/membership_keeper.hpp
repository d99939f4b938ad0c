// The membership keeper: the detached actor, with a connection of its own, that runs the SQL of
// one node's membership (membership_store.hpp) for the membership actor, so that actor never
// blocks a scheduler thread. Its messages are in model/cluster_rows.hpp.
#pragma once

#include <caf/fwd.hpp>
#include <cstdint>
#include <string>

#include "persistence/db_params.hpp"

namespace shop::persistence::cluster {

// For node `node_id` at `incarnation` (already registered), leases of `lease_ms`.
caf::actor spawn_membership_keeper(caf::actor_system& sys, db_params params, std::string node_id,
                                   std::int64_t incarnation, std::int64_t lease_ms);

}  // namespace shop::persistence::cluster
