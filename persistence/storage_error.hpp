// How the persistence layer fails, as CAF error values. Actors translate these to shop_error.
#pragma once

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace shop::persistence {

enum class storage_error : std::uint8_t {
  unavailable = 1,  // database unreachable (or the journal is full): try again later
  rejected,         // the database refused a row for good
};

inline caf::error make_error(storage_error x) {
  return {static_cast<std::uint8_t>(x), caf::atom("storage")};
}

inline bool is(const caf::error& e, storage_error x) {
  return e.category() == caf::atom("storage") && e.code() == static_cast<std::uint8_t>(x);
}

// Thrown inside persistence only; never crosses an actor boundary.
struct storage_unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct row_rejected : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace shop::persistence
