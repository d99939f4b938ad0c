// What every handler may use: the actor system and the shop's runtime. Handlers speak to actors
// only (http -> actors), never to the database.
#pragma once

#include "actors/shop_runtime.hpp"

#include <chrono>
#include <functional>

namespace shop::http {

struct api_context {
  caf::actor_system& system;
  shop_runtime& runtime;
  std::chrono::milliseconds read_timeout{10000};  // actor calls that only read
};

}  // namespace shop::http
