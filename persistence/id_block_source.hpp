// The id allocator's way to the id blocks (id_blocks.hpp) when several nodes share the database:
// a detached actor with a connection of its own, so that reserving a block never blocks the
// cooperative scheduler.
#pragma once

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <cstdint>
#include <vector>

#include "model/id_block_protocol.hpp"
#include "persistence/db_params.hpp"

namespace shop::persistence {

// Answers model/id_block_protocol.hpp. `floors[t]` is the highest id of table t at start: blocks
// start above it even when the table has no block yet, or only blocks below rows written by a
// lone node since.
caf::actor spawn_id_block_source(caf::actor_system& sys, const db_params& params,
                                 std::vector<std::int64_t> floors);

}  // namespace shop::persistence
