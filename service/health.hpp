// Readiness: whether the shop can reach its database.
#pragma once

#include "service/shop_service.hpp"

namespace shop::service {

// ok once a reader's connection answers (within 2 s), else the error.
void database_ready(const shop_service& s, callback<caf::ok_atom> done);

}  // namespace shop::service
