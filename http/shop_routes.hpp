// Every endpoint of the shop, in one table.
#pragma once

#include <vector>

#include "http/api_context.hpp"
#include "http/route_table.hpp"

namespace shop::http {

std::vector<route> shop_routes(api_context& api);

}  // namespace shop::http
