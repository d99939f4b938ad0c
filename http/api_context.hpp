// What every handler may use: the shop's operations and what signing customer tokens takes. A
// handler parses the request, calls an operation and renders its answer; it speaks neither to
// actors nor to the database.
#pragma once

#include <cstdint>
#include <string>

#include "service/cluster.hpp"
#include "service/shop_service.hpp"

namespace shop::http {

struct api_context {
  service::shop_service shop;
  // Signs the customer tokens that POST /admin/users and /admin/users/{id}/token hand out.
  std::string jwt_secret{};
  std::int64_t token_ttl_s = 86400;
  // This node's name, HTTP address, shard count and lease (GET /admin/cluster).
  service::node_settings node{};
};

}  // namespace shop::http
