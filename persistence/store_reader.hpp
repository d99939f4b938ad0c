// Readers: a small pool of detached actors, each with its own connection, that run the blocking
// read queries (entity loads, catalog listing) off the cooperative scheduler.
#pragma once

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "model/reader_protocol.hpp"
#include "persistence/db_params.hpp"

namespace shop::persistence {

// The pool answers the messages of model/reader_protocol.hpp.
caf::actor spawn_store_readers(caf::actor_system& sys, const db_params& params, unsigned count);

}  // namespace shop::persistence
