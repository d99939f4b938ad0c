// What every entity actor is given at activation: where to load from, where to write to, and how
// to reach other entities.
#pragma once

#include <caf/actor.hpp>
#include <chrono>
#include <memory>

#include "actors/hosting/entity_registry.hpp"
#include "persistence/journal_writer.hpp"
#include "persistence/store_reader.hpp"

namespace shop {

struct entity_context {
  persistence::journal journal;
  persistence::reader_pool readers;
  entity_registry registry;
  caf::actor ids;       // id_allocator: ids of rows an entity creates (cart lines, records)
  caf::actor delivery;  // order_delivery.hpp; null when delivery is off
  std::chrono::milliseconds order_hold_ttl{600000};
  std::chrono::milliseconds idle_ttl{300000};
  std::chrono::milliseconds absent_ttl{1000};  // how long a "no such row" answer stays cached
  std::chrono::milliseconds load_timeout{10000};
  std::string node_id;  // this node's name (API.md "Cluster"), shown to operators
};

// What an entity holds of its context: one immutable copy per node, shared by all its entities
// (a million live entities each holding a copy would spend ~300 MB on the same handles).
using shared_context = std::shared_ptr<const entity_context>;

}  // namespace shop
