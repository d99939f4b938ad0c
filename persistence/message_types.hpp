// Registers every value type of this layer with CAF, so it can travel in messages between nodes.
#pragma once

#include <caf/fwd.hpp>

namespace shop::persistence {
void add_message_types(caf::actor_system_config& cfg);
}
