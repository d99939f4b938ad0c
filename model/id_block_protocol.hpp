// What the id block source (persistence/id_block_source.hpp) answers: blocks of row ids that no
// other node on the same database is given.
#pragma once

#include <caf/atom.hpp>

#include "model/storage_error.hpp"

namespace shop::model {

using reserve_block_atom = caf::atom_constant<caf::atom("rsvblock")>;

//   (reserve_block_atom, uint8 table, int64 size) -> int64 first: the ids [first, first + size) of
//   table_id `table` are this caller's alone | storage_error (unavailable: try again later)

}  // namespace shop::model
