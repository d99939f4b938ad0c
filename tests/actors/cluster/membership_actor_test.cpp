// The membership actor as the registry sees it, without a database: a keeper that never answers
// keeps the node at its first moment, before any read of the membership.
#include "actors/cluster/membership_actor.hpp"

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "actors/shop_error.hpp"

using namespace shop;

TEST_CASE("before its first read of the membership a node refuses every key with 503",
          "[actors][cluster]") {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  auto registry = spawn_entity_registry(sys, 4, std::chrono::milliseconds(100), {});
  // Takes every request and answers none: no lease renewed, no table read.
  auto keeper = sys.spawn([](caf::event_based_actor* self) -> caf::behavior {
    return {[self](caf::message&) { self->make_response_promise(); }};
  });
  cluster::membership_options opts;
  opts.self.node_id = "node-0";
  opts.lease_ms = 60000;
  opts.shard_count = 8;
  opts.keeper = keeper;
  opts.registry = registry;
  auto membership = cluster::spawn_membership_actor(sys, opts);
  caf::scoped_actor self{sys};
  auto k = key_of(entity_kind::option, 5);
  caf::error refused;
  self->request(registry.shard_for(k), std::chrono::seconds(30),
                entity_registry::routed(k, view_atom::value))
      .receive([](model::option_row&) {}, [&](caf::error& e) { refused = std::move(e); });
  // Not served here as a lone node would (no entity kinds are installed: that answers 400).
  CHECK(refused == make_error(shop_error::unavailable));
  for (const auto& a : {membership, keeper})
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  for (const auto& s : registry.shards()) caf::anon_send_exit(s, caf::exit_reason::user_shutdown);
}
