// Registers every value type of model/ with CAF, so it can travel in messages between nodes.
#pragma once

#include <caf/fwd.hpp>

namespace shop::model {
void add_message_types(caf::actor_system_config& cfg);
}
