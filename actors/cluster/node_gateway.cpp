#include "actors/cluster/node_gateway.hpp"

#include <caf/all.hpp>

namespace shop::cluster {
namespace {

caf::behavior node_gateway(caf::event_based_actor* self, entity_registry reg,
                           std::string node_id) {
  // Delegates keep the requester and its request id: the answer does not come back through here.
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
  };
}

}  // namespace

caf::actor spawn_node_gateway(caf::actor_system& sys, entity_registry registry,
                              std::string node_id) {
  return sys.spawn(node_gateway, std::move(registry), std::move(node_id));
}

}  // namespace shop::cluster
