// shop_error: every way a shop request can fail for a reason the client should hear about.
// Actors answer with these as caf::error values (category "shop"); actors/shop_error_table.cpp is
// the one table of their codes, messages and HTTP statuses. Never thrown.
#pragma once

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/fwd.hpp>
#include <cstdint>

#include "actors/shop_error_code.hpp"
#include "actors/shop_error_table.hpp"

namespace shop {

caf::error make_error(shop_error x);

// The shop_error inside `e`, if it is one.
bool as_shop_error(const caf::error& e, shop_error& out);

void add_shop_error_category(caf::actor_system_config& cfg);

}  // namespace shop
