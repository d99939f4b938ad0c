// How storage fails, as CAF error values (the readers and the journal answer with them). Actors
// translate these to shop_error.
#pragma once

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <cstdint>

namespace shop::model {

enum class storage_error : std::uint8_t {
  unavailable = 1,  // database unreachable (or the journal is full): try again later
  rejected,         // the database refused a row for good
  fenced,  // a shard the unit claims has another owner or epoch now: nothing of it was written
};

inline caf::error make_error(storage_error x) {
  return {static_cast<std::uint8_t>(x), caf::atom("storage")};
}

inline bool is(const caf::error& e, storage_error x) {
  return e.category() == caf::atom("storage") && e.code() == static_cast<std::uint8_t>(x);
}

}  // namespace shop::model
