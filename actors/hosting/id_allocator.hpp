// Hands out row ids. Rows are written behind, so their ids are chosen here rather than by
// AUTO_INCREMENT. A lone node continues each table after its highest committed id at start; nodes
// sharing the database take their ids in blocks that none of the others is given.
#pragma once

#include <caf/fwd.hpp>
#include <cstdint>
#include <vector>

#include "model/row_image.hpp"

namespace shop {

// (next_id_atom, uint8 table, int64 count) -> int64 first id of `count` consecutive fresh ids.
// `max_ids[t]` is the highest id already used in table t.
caf::actor spawn_id_allocator(caf::actor_system& sys, std::vector<std::int64_t> max_ids);

// The same message and reply, with the ids taken from `block_source` (model/id_block_protocol.hpp)
// `block_size` at a time, per table. The next block is asked for once half of the current one is
// handed out, so a request rarely waits; while a table has no ids left its requests wait for the
// block (and get the source's error if it cannot give one). A count larger than a block gets a
// block of its own. Ids of a node are unique but, across nodes, not in the order rows are written.
caf::actor spawn_block_id_allocator(caf::actor_system& sys, caf::actor block_source,
                                    std::int64_t block_size);

}  // namespace shop
