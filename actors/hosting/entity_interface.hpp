// What every entity actor answers whatever its kind, and the compile-time questions the typed
// routing helpers (entity_registry.hpp) ask of an entity's interface. Each entity's header
// declares its interface as `lifecycle_interface::extend<...>` and names its kind with
// `entity_kind_of`, so a message an entity does not handle does not compile.
#pragma once

#include <caf/actor.hpp>
#include <caf/replies_to.hpp>
#include <caf/send.hpp>
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <type_traits>

#include "actors/hosting/entity_inspection.hpp"
#include "actors/messages.hpp"

namespace shop {

using lifecycle_interface = caf::typed_actor<
    // The entity's alarm at its shard is due: the idle check, or a timer of the entity's own.
    caf::reacts_to<wake_atom>,
    // The shard stopped routing to the entity: it quits, or answers `revive` while busy.
    caf::reacts_to<passivate_atom>,
    // The same when the entity's claim went stale (its shard moved to another owner or epoch):
    // it takes no more writes and quits once its work in flight has answered.
    caf::reacts_to<passivate_atom, stale_atom>,
    // A scrape's probe: how many messages are queued behind it.
    caf::replies_to<depth_atom>::with<std::int64_t>,
    // An operator's inspection: the entity's figures, or *_NOT_FOUND where there is no entity.
    caf::replies_to<inspect_atom>::with<entity_report>>;

// A one-way message from a typed entity to an untyped actor (its registry shard, the delivery
// actor): CAF 0.17's `send` refuses untyped receivers from typed senders. The sender is the
// entity itself, as the shard's checks (alarm, idle, revive) require. What an untyped receiver
// takes is checked where the message is built (entity_registry::route) or at the receiver.
template <class Self, class... Ts>
void send_untyped(Self* self, const caf::actor& dest, Ts&&... xs) {
  caf::unsafe_send_as(self, dest, std::forward<Ts>(xs)...);
}

// The kind under which the registry keeps the entities of interface Iface; each entity's header
// specializes it.
template <class Iface>
struct entity_kind_of;

namespace detail {

template <class Signature, class... Ts>
struct signature_takes : std::false_type {};

template <class... Inputs, class Output, class... Ts>
struct signature_takes<caf::typed_mpi<caf::detail::type_list<Inputs...>, Output>, Ts...>
    : std::is_same<caf::detail::type_list<Inputs...>, caf::detail::type_list<Ts...>> {};

template <class Signature>
struct signature_reply {
  using type = void;
};

template <class Inputs, class Output>
struct signature_reply<caf::typed_mpi<Inputs, caf::output_tuple<Output>>> {
  using type = Output;
};

}  // namespace detail

// Whether an actor of interface Iface handles the message (Ts...) (values, not references).
template <class Iface, class... Ts>
struct accepts;

template <class... Sigs, class... Ts>
struct accepts<caf::typed_actor<Sigs...>, Ts...>
    : std::disjunction<detail::signature_takes<Sigs, Ts...>...> {};

template <class Iface, class... Ts>
constexpr bool accepts_v = accepts<Iface, std::decay_t<Ts>...>::value;

// What an actor of interface Iface answers to (Ts...) (values): void for a one-way message.
template <class Iface, class... Ts>
struct reply_of;

template <class... Sigs, class... Ts>
struct reply_of<caf::typed_actor<Sigs...>, Ts...> {
  template <class Signature>
  struct match : detail::signature_takes<Signature, Ts...> {
    using reply = typename detail::signature_reply<Signature>::type;
  };
  struct no_match : std::true_type {
    using reply = void;
  };
  using type = typename std::disjunction<match<Sigs>..., no_match>::reply;
};

template <class Iface, class... Ts>
using reply_of_t = typename reply_of<Iface, std::decay_t<Ts>...>::type;

}  // namespace shop
