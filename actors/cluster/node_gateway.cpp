#include "actors/cluster/node_gateway.hpp"

#include <caf/all.hpp>
#include <memory>

#include "actors/cluster/routing_table.hpp"

namespace shop::cluster {
namespace {

caf::behavior node_gateway(caf::event_based_actor* self, entity_registry reg, std::string node_id) {
  // Delegates keep the requester and its request id: the answer does not come back through here.
  // This node's membership actor, from the routing tables it publishes (the gateway is spawned
  // first: the other nodes must find it before the membership actor reaches them).
  auto membership = std::make_shared<caf::actor>();
  auto pass = [self, reg](const entity_key& k) {
    const auto& shard = reg.shard_for(k);
    auto rp = self->make_response_promise();
    rp.delegate(shard, self->current_mailbox_element()->move_content_to_message());
  };
  return {
      [=](route_atom, const entity_key& k, const caf::message&) { pass(k); },
      [=](route_new_atom, const entity_key& k, const caf::message&) { pass(k); },
      [=](route_if_live_atom, const entity_key& k, const caf::message&) { pass(k); },
      [=](ask_if_live_atom, const entity_key& k, const caf::message&) { pass(k); },
      [=](rerouted_atom, std::uint8_t, const entity_key& k, const caf::message&) { pass(k); },
      [=](hello_atom) { return node_id; },
      [=](hello_atom, std::string& name, bool lost) {
        auto from = self->current_sender();
        // Before this node's first routing table nothing here waits on the peer yet.
        if (from && *membership)
          self->send(*membership, hello_atom::value, from->node(), std::move(name), lost);
      },
      [=](routing_atom, const routing& r) {
        if (r && r->membership) *membership = r->membership;
      },
  };
}

}  // namespace

caf::actor spawn_node_gateway(caf::actor_system& sys, entity_registry registry,
                              std::string node_id) {
  return sys.spawn(node_gateway, std::move(registry), std::move(node_id));
}

}  // namespace shop::cluster
