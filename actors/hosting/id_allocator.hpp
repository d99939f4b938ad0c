// Hands out row ids. Rows are written behind, so their ids are chosen here rather than by
// AUTO_INCREMENT; at start each table continues after its highest committed id.
#pragma once

#include <caf/fwd.hpp>
#include <cstdint>
#include <vector>

#include "model/row_image.hpp"

namespace shop {

// (next_id_atom, uint8 table, int64 count) -> int64 first id of `count` consecutive fresh ids.
// `max_ids[t]` is the highest id already used in table t.
caf::actor spawn_id_allocator(caf::actor_system& sys, std::vector<std::int64_t> max_ids);

}  // namespace shop
