// Liveness and readiness for orchestrators and load balancers.
#pragma once

#include "http/api_context.hpp"
#include "http/route_table.hpp"

namespace shop::http {

void health_live(api_context& api, const call_ptr& c);
// 200 once the database answers (migrations ran before the server listened), else 503.
void health_ready(api_context& api, const call_ptr& c);

}  // namespace shop::http
