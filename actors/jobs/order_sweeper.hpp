// The expiry sweep (US-011): every `interval` it reads the PENDING orders whose hold has ended
// from the database and tells each order's actor to expire, so expiry also happens for orders
// whose actor was passivated or lost in a restart (a live order's own timer usually comes first).
#pragma once

#include <caf/fwd.hpp>
#include <chrono>

#include "actors/hosting/entity_context.hpp"

namespace shop {

// Messages: (sweep_atom) -> int64, the number of orders this sweep expired (also run by the timer).
caf::actor spawn_order_sweeper(caf::actor_system& sys, const entity_context& ctx,
                               std::chrono::milliseconds interval);

}  // namespace shop
