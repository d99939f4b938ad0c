#include "actors/hosting/entity_registry.hpp"

#include <spdlog/spdlog.h>

#include <caf/all.hpp>
#include <deque>
#include <optional>
#include <set>

#include "actors/cluster/routing_table.hpp"
#include "actors/hosting/alarm_book.hpp"
#include "actors/hosting/crash_watch.hpp"
#include "actors/hosting/entity_inspection.hpp"
#include "actors/hosting/registry_probe.hpp"
#include "actors/shop_error.hpp"
#include "metrics/metrics.hpp"

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<const shop::entity_factories>)
namespace shop {
namespace {

// An entity told to passivate that may still be finishing writes. Messages for its key wait here
// until it is gone, so a fresh activation never loads a row that a write is still changing.
struct draining_entity {
  caf::actor handle;
  std::vector<std::pair<caf::response_promise, caf::message>> waiting;
  // One-way notices (route_if_live) that arrived meanwhile: for the entity if it revives; if it
  // goes, its next activation reads what they told from the database.
  std::vector<caf::message> notices;
};

using alarm_tick_atom = caf::atom_constant<caf::atom("alarmtick")>;
using handoff_tick_atom = caf::atom_constant<caf::atom("hofftick")>;

constexpr auto handoff_poll = std::chrono::milliseconds(50);
// A forward is watched this long for its peer's down notice; an older one waits for its own
// timeout (entities answer in milliseconds unless the database is away).
constexpr auto forward_watch = std::chrono::seconds(60);

// A request delegated to another node, kept so that the peer's down notice can fail it at once
// (CAF 0.17 fails nothing in flight to a dead peer: cluster-notes.md). The copy answers only if
// the peer never did: the requester takes the first answer for an id and drops the rest.
struct watched_forward {
  std::chrono::steady_clock::time_point sent;
  caf::response_promise promise;
};

// A one-way message for a key whose shard had no reachable owner (a takeover or a handoff under
// way): routed again when the next routing table arrives, so a product does not miss its option's
// report. Kept `forward_watch` at most, and `max_unrouted` of them.
struct unrouted_message {
  std::chrono::steady_clock::time_point since;
  std::uint8_t how;  // route_kind
  entity_key key;
  caf::message payload;
};
constexpr std::size_t max_unrouted = 10000;

// A handoff in progress (membership_actor.cpp): its shards' entities are told to passivate until
// none is left, or until `deadline`, then the promise is answered.
struct handoff_wait {
  std::vector<std::uint32_t> shards;
  caf::response_promise promise;
  std::chrono::steady_clock::time_point deadline;
};

struct shard_state {
  std::shared_ptr<const entity_factories> factories;
  std::unordered_map<entity_key, caf::actor, entity_key_hash> live;
  std::unordered_map<entity_key, draining_entity, entity_key_hash> draining;
  std::unordered_map<caf::actor_addr, entity_key> keys;
  alarm_book alarms{std::chrono::milliseconds(100)};
  bool ticking = false;             // an alarm_tick is on its way
  cluster::routing routes;          // null: a lone node, every key is served here
  std::set<std::uint32_t> leaving;  // shards being handed off: requests are refused
  std::optional<handoff_wait> handoff;
  std::unordered_map<caf::actor_addr, std::deque<watched_forward>> forwards;  // by gateway
  std::vector<unrouted_message> unrouted;
  static inline const char* name = "entity_registry";
};

using shard_actor = caf::stateful_actor<shard_state>;

caf::actor activate(shard_actor* self, const entity_key& k, bool fresh = false) {
  auto& st = self->state;
  if (auto it = st.live.find(k); it != st.live.end()) return it->second;
  if (!st.factories) return {};
  auto f = st.factories->find(k.kind);
  if (f == st.factories->end()) return {};
  auto claim = st.routes ? st.routes->claim_of(k) : model::shard_claim{};
  auto a = f->second(self, k.id, fresh, claim);
  self->monitor(a);
  st.live.emplace(k, a);
  st.keys.emplace(a.address(), k);
  metrics::global().activated(static_cast<std::uint8_t>(k.kind));
  return a;
}

// The live entities (of one kind, if given), for the operators' fan-outs (registry_probe.hpp).
live_entities live_of(const shard_state& st, std::optional<entity_kind> kind) {
  live_entities out;
  for (const auto& [k, a] : st.live)
    if (!kind || k.kind == *kind) out.emplace_back(k, a);
  return out;
}

constexpr auto probe_timeout = std::chrono::seconds(2);

// One timer per shard, running while any entity has an alarm.
void tick_alarms(shard_actor* self) {
  auto& st = self->state;
  st.ticking = !st.alarms.empty();
  if (st.ticking) self->delayed_send(self, st.alarms.resolution(), alarm_tick_atom::value);
}

// Where a message for entity k goes from this shard.
enum class route_via { here, forward, refuse };

struct route_decision {
  route_via via = route_via::here;
  caf::actor gateway;  // route_via::forward: the owner's node_gateway
};

// A message that came from another node was forwarded here by a node that believes this one
// owns the key; it is never forwarded on, except once, marked, when this node knows the owner
// (a shard that moved: stale routing).
bool from_peer(shard_actor* self) {
  const auto& src = self->current_sender();
  return src && src->node() != self->node();
}

route_decision locate(shard_actor* self, const entity_key& k, bool rerouted) {
  auto& st = self->state;
  if (!st.routes) return {};
  auto s = st.routes->shard_of(k);
  const auto& r = st.routes->shards[s];
  if (r.local) return {st.leaving.count(s) ? route_via::refuse : route_via::here, {}};
  if (!r.gateway || rerouted) return {route_via::refuse, {}};
  if (from_peer(self) && r.gateway.node() == self->current_sender()->node())
    return {route_via::refuse, {}};  // the sender's node owns it by our table, not by its own
  return {route_via::forward, r.gateway};
}

// Delegates the current request to the owner's gateway, watching it for the peer's down notice.
void forward(shard_actor* self, const caf::actor& gateway, caf::response_promise rp,
             caf::message msg) {
  auto& st = self->state;
  auto now = std::chrono::steady_clock::now();
  auto [it, fresh] = st.forwards.try_emplace(gateway.address());
  if (fresh) self->monitor(gateway);
  auto& q = it->second;
  while (!q.empty() && now - q.front().sent > forward_watch) q.pop_front();
  q.push_back({now, rp});
  metrics::global().cluster_forwards.inc();
  rp.delegate(gateway, std::move(msg));
}

// The connection to the peer's node is gone: every request still watched fails with 503. The
// peer may have acted on it (committed, then stopped answering): the outcome is unknown, and its
// callers may reload what it touched. So the peer is fenced first (fence_peer_atom): a paused
// node that wakes must not commit, after those reloads, what it had queued.
void fail_forwards(shard_actor* self, const caf::actor_addr& gateway) {
  auto& st = self->state;
  auto it = st.forwards.find(gateway);
  if (it == st.forwards.end()) return;
  auto lost = std::move(it->second);  // a reconnection's forwards may reuse the address
  st.forwards.erase(it);
  auto fail = [lost = std::move(lost)]() mutable {
    for (auto& f : lost)
      if (f.promise.pending()) {
        f.promise.deliver(make_error(shop_error::outcome_unknown));
        metrics::global().cluster_forwards_failed.inc();
      }
  };
  if (!st.routes || !st.routes->membership) return fail();
  self->request(st.routes->membership, caf::infinite, fence_peer_atom::value, gateway.node())
      .then([fail](caf::ok_atom) mutable { fail(); }, [fail](caf::error&) mutable { fail(); });
}

// How a route message reaches its entity here (the four routing messages of
// entity_registry.hpp, told apart by their atom).
enum class route_kind : std::uint8_t { route, route_new, if_live, ask_if_live };

caf::message routing_message(route_kind how, const entity_key& k, caf::message payload) {
  switch (how) {
    case route_kind::route:
      return caf::make_message(route_atom::value, k, std::move(payload));
    case route_kind::route_new:
      return caf::make_message(route_new_atom::value, k, std::move(payload));
    case route_kind::if_live:
      return caf::make_message(route_if_live_atom::value, k, std::move(payload));
    case route_kind::ask_if_live:
      return caf::make_message(ask_if_live_atom::value, k, std::move(payload));
  }
  return {};
}

void serve_here(shard_actor* self, route_kind how, const entity_key& k, caf::message& payload);

// Every routing message enters here: served by a local entity, forwarded to the owner, or
// refused with 503 while its shard has no reachable owner.
void route_message(shard_actor* self, route_kind how, const entity_key& k, caf::message& payload,
                   bool rerouted) {
  auto where = locate(self, k, rerouted);
  if (where.via == route_via::here) return serve_here(self, how, k, payload);
  // A notice, or a one-way message: no one waits for an answer, so a refusal answers nothing (an
  // error message would end the sender).
  if (how == route_kind::if_live || !self->current_message_id().is_request()) {
    auto& held = self->state.unrouted;
    if (where.via == route_via::forward)
      self->send(where.gateway, routing_message(how, k, std::move(payload)));
    else if (!rerouted && held.size() < max_unrouted)
      held.push_back({std::chrono::steady_clock::now(), static_cast<std::uint8_t>(how), k,
                      std::move(payload)});
    else
      spdlog::debug("registry: one-way message for {} {} dropped: no owner reachable",
                    to_string(k.kind), k.id);
    return;
  }
  auto rp = self->make_response_promise();
  if (where.via == route_via::refuse) {
    rp.deliver(make_error(shop_error::unavailable));
    return;
  }
  if (from_peer(self)) {
    metrics::global().cluster_forwards_retried.inc();
    auto marked = caf::make_message(rerouted_atom::value, static_cast<std::uint8_t>(how), k,
                                    std::move(payload));
    return forward(self, where.gateway, std::move(rp), std::move(marked));
  }
  forward(self, where.gateway, std::move(rp), routing_message(how, k, std::move(payload)));
}

// Entities whose shard this node no longer owns (taken while this node was away), or owns at a new
// epoch (a peer fenced it), hold a stale claim: every unit they make would be refused by the
// fence. They passivate rather than stop, so the work they have in flight is answered (as a
// failure: 503) instead of left waiting for ever; a shard still this node's gets fresh
// activations that claim the new epoch.
void drop_lost(shard_actor* self, const cluster::routing& before) {
  auto& st = self->state;
  if (!st.routes) return;
  auto stale = [&](const entity_key& k) {
    auto s = st.routes->shard_of(k);
    const auto& now = st.routes->shards[s];
    return !now.local ||
           (before && s < before->shards.size() && before->shards[s].epoch != now.epoch);
  };
  for (auto& [k, d] : st.draining) {
    if (!stale(k)) continue;
    if (!st.routes->shards[st.routes->shard_of(k)].local) {  // else a fresh activation takes them
      for (auto& [rp, msg] : d.waiting) rp.deliver(make_error(shop_error::unavailable));
      d.waiting.clear();
    }
    self->send(d.handle, passivate_atom::value, stale_atom::value);
  }
  for (auto it = st.live.begin(); it != st.live.end();)
    if (stale(it->first)) {
      auto a = it->second;
      st.draining.emplace(it->first, draining_entity{a, {}, {}});
      self->send(a, passivate_atom::value, stale_atom::value);
      it = st.live.erase(it);
    } else {
      ++it;
    }
  for (auto it = st.leaving.begin(); it != st.leaving.end();)
    it = st.routes->shards[*it].local ? std::next(it) : st.leaving.erase(it);
}

// The one-way messages held for want of an owner go where the new table says, in the order they
// came (one served here goes through this shard's mailbox again: each routing needs a message of
// its own); those still without an owner wait on, up to `forward_watch` since they first came.
void resend_unrouted(shard_actor* self) {
  auto held = std::move(self->state.unrouted);
  self->state.unrouted.clear();
  const auto now = std::chrono::steady_clock::now();
  for (auto& u : held) {
    const auto how = static_cast<route_kind>(u.how);
    auto where = locate(self, u.key, false);
    if (where.via == route_via::here)
      self->send(self, routing_message(how, u.key, std::move(u.payload)));
    else if (where.via == route_via::forward)
      self->send(where.gateway, routing_message(how, u.key, std::move(u.payload)));
    else if (now - u.since < forward_watch)
      self->state.unrouted.push_back(std::move(u));
    else
      spdlog::debug("registry: one-way message for {} {} dropped: no owner for a minute",
                    to_string(u.key.kind), u.key.id);
  }
}

// Tells the entities of the shards being handed off to passivate (again, if one was busy and
// revived); answers the handoff once none is left.
void continue_handoff(shard_actor* self) {
  auto& st = self->state;
  if (!st.handoff) return;
  auto leaving = [&](const entity_key& k) { return st.leaving.count(st.routes->shard_of(k)) > 0; };
  bool left = false;
  for (auto it = st.live.begin(); it != st.live.end();) {
    if (!leaving(it->first)) {
      ++it;
      continue;
    }
    auto a = it->second;
    st.draining.emplace(it->first, draining_entity{a, {}, {}});
    self->send(a, passivate_atom::value);
    it = st.live.erase(it);
    left = true;
  }
  for (const auto& [k, d] : st.draining) left = left || leaving(k);
  if (left && std::chrono::steady_clock::now() < st.handoff->deadline) {
    self->delayed_send(self, handoff_poll, handoff_tick_atom::value);
    return;
  }
  // An entity still busy now waits on an exchange that may never end (its peer died): the
  // handoff goes on without it. Its units after the release carry the old epoch, which the
  // fence refuses, and the new routes tell it to passivate once that work ends (drop_lost).
  if (left) {
    std::string keys;
    for (const auto& [k, d] : st.draining)
      if (leaving(k))
        keys += (keys.empty() ? "" : ", ") + std::string{kind_name(k.kind)} + " " +
                std::to_string(k.id);
    spdlog::warn("registry: handing shards over without entities that did not passivate: {}", keys);
  }
  st.handoff->promise.deliver(caf::ok_atom::value);
  st.handoff.reset();
}

caf::behavior registry_shard(shard_actor* self, std::size_t /* index, for logs */,
                             std::chrono::milliseconds alarm_resolution, crash_handler on_crash) {
  self->state.alarms = alarm_book{alarm_resolution};
  self->set_down_handler([=](caf::down_msg& dm) {
    auto& st = self->state;
    if (dm.source.node() != self->node()) return fail_forwards(self, dm.source);
    auto kit = st.keys.find(dm.source);
    if (kit == st.keys.end()) return;
    auto k = kit->second;
    if (is_crash(dm.reason))  // crash_watch.hpp: activating k again could lose writes
      on_crash(std::string{kind_name(k.kind)} + " " + std::to_string(k.id), dm.reason);
    st.keys.erase(kit);
    metrics::global().passivated(static_cast<std::uint8_t>(k.kind));
    st.alarms.erase(k);  // no later incarnation of k exists yet: it is activated below
    if (auto it = st.live.find(k); it != st.live.end() && it->second.address() == dm.source)
      st.live.erase(it);
    auto dit = st.draining.find(k);
    if (dit == st.draining.end() || dit->second.handle.address() != dm.source) return;
    auto waiting = std::move(dit->second.waiting);
    st.draining.erase(dit);
    if (waiting.empty()) return;
    if (locate(self, k, false).via != route_via::here) {  // its shard is leaving or moved
      for (auto& [rp, msg] : waiting) rp.deliver(make_error(shop_error::unavailable));
      return;
    }
    auto a = activate(self, k);
    for (auto& [rp, msg] : waiting) rp.delegate(a, std::move(msg));
  });
  // An error a misbehaving entity sends back must not stop the shard (the default would quit).
  self->set_error_handler([](caf::error& e) {
    spdlog::error("entity registry: unexpected error message: {}", caf::to_string(e));
  });
  self->set_exit_handler([=](caf::exit_msg& em) {
    for (auto& [k, a] : self->state.live) self->send_exit(a, em.reason);
    for (auto& [k, d] : self->state.draining) self->send_exit(d.handle, em.reason);
    self->quit(em.reason);
  });
  return {
      [=](configure_atom, std::shared_ptr<const entity_factories>& f) {
        self->state.factories = std::move(f);
      },
      [=](route_atom, const entity_key& k, caf::message& payload) {
        route_message(self, route_kind::route, k, payload, false);
      },
      [=](route_new_atom, const entity_key& k, caf::message& payload) {
        route_message(self, route_kind::route_new, k, payload, false);
      },
      [=](route_if_live_atom, const entity_key& k, caf::message& payload) {
        route_message(self, route_kind::if_live, k, payload, false);
      },
      [=](rerouted_atom, std::uint8_t how, const entity_key& k, caf::message& payload) {
        route_message(self, static_cast<route_kind>(how), k, payload, true);
      },
      // Who owns which shard (membership_actor.cpp); entities of shards lost meanwhile stop.
      [=](routing_atom, cluster::routing& routes) {
        auto before = std::move(self->state.routes);
        self->state.routes = std::move(routes);
        drop_lost(self, before);
        resend_unrouted(self);
      },
      // Hands `shards` off: refuses new work for them and passivates their entities; answers
      // once none is left, or after `bound` (the membership actor then flushes the journal and
      // releases them).
      [=](handoff_atom, std::vector<std::uint32_t>& shards,
          caf::timespan bound) -> caf::result<caf::ok_atom> {
        auto& st = self->state;
        if (!st.routes || st.handoff) return make_error(shop_error::unavailable);
        for (auto s : shards)
          if (s < st.routes->shards.size() && st.routes->shards[s].local) st.leaving.insert(s);
        auto rp = self->make_response_promise();
        st.handoff = handoff_wait{std::move(shards), rp, std::chrono::steady_clock::now() + bound};
        continue_handoff(self);
        return rp;
      },
      [=](handoff_tick_atom) { continue_handoff(self); },
      // A peer lost its connection to this node, maybe unseen here (membership_actor.cpp, the
      // peer's hello): answers it sent meanwhile are gone. Its forwards fail as on a down notice,
      // and the options forget the moves of its orders, whose `settled` may be gone too.
      [=](peer_lost_atom, const caf::node_id& peer) {
        auto& st = self->state;
        std::vector<caf::actor_addr> gateways;
        for (const auto& [gateway, watched] : st.forwards)
          if (gateway.node() == peer) gateways.push_back(gateway);
        for (const auto& gateway : gateways) fail_forwards(self, gateway);
        for (const auto& [k, a] : st.live)
          if (k.kind == entity_kind::option) self->send(a, peer_lost_atom::value, peer);
        for (const auto& [k, d] : st.draining)
          if (k.kind == entity_kind::option) self->send(d.handle, peer_lost_atom::value, peer);
      },
      // For an entity about to act on a peer's silence (peer_fence.hpp): answered by the
      // membership actor once the peer is fenced; at once on a lone node.
      [=](fence_peer_atom, const caf::node_id& peer) {
        auto& st = self->state;
        auto rp = self->make_response_promise();
        if (!st.routes || !st.routes->membership || peer == self->node())
          rp.deliver(caf::ok_atom::value);
        else
          rp.delegate(st.routes->membership, fence_peer_atom::value, peer);
      },
      // A live entity's alarm (entity_lifecycle.hpp: set_alarm), due at `due_ms` (steady clock).
      [=](alarm_atom, const entity_key& k, std::int64_t due_ms) {
        auto& st = self->state;
        auto it = st.live.find(k);
        if (it == st.live.end() || it->second.address() != self->current_sender()) return;
        st.alarms.set(k, alarm_book::clock::time_point{std::chrono::milliseconds(due_ms)});
        if (!st.ticking) tick_alarms(self);
      },
      [=](alarm_tick_atom) {
        auto& st = self->state;
        for (const auto& k : st.alarms.take_due(alarm_book::clock::now()))
          if (auto it = st.live.find(k); it != st.live.end())
            self->send(it->second, wake_atom::value);
        tick_alarms(self);
      },
      [=](idle_atom, const entity_key& k) {
        auto& st = self->state;
        auto it = st.live.find(k);
        if (it == st.live.end() || it->second.address() != self->current_sender()) return;
        auto a = it->second;
        st.live.erase(it);
        st.draining.emplace(k, draining_entity{a, {}, {}});
        self->send(a, passivate_atom::value);
      },
      // The entity got work between its idle notice and `passivate`: live again, and it takes
      // the messages held for its key meanwhile.
      [=](revive_atom, const entity_key& k) {
        auto& st = self->state;
        auto dit = st.draining.find(k);
        if (dit == st.draining.end() || dit->second.handle.address() != self->current_sender())
          return;
        auto a = dit->second.handle;
        auto waiting = std::move(dit->second.waiting);
        auto notices = std::move(dit->second.notices);
        st.draining.erase(dit);
        st.live.emplace(k, a);
        // Notices first, whatever arrived before them: each tells of a committed change (a coupon
        // issued) that a held request may need.
        for (auto& msg : notices) self->send(a, std::move(msg));
        for (auto& [rp, msg] : waiting) rp.delegate(a, std::move(msg));
      },
      [=](live_atom, entity_kind kind) {
        std::vector<std::int64_t> ids;
        for (auto& [k, a] : self->state.live)
          if (k.kind == kind) ids.push_back(k.id);
        return ids;
      },
      // Operators: never activates anything.
      [=](ask_if_live_atom, const entity_key& k, caf::message& payload) {
        route_message(self, route_kind::ask_if_live, k, payload, false);
      },
      [=](probe_atom) {
        probe_depths(self, live_of(self->state, std::nullopt), probe_timeout,
                     self->make_response_promise());
      },
      [=](inspect_live_atom, entity_kind kind, std::int64_t limit) {
        inspect_entities(self, live_of(self->state, kind),
                         static_cast<std::size_t>(std::max<std::int64_t>(limit, 0)), probe_timeout,
                         self->make_response_promise());
      },
  };
}

void serve_here(shard_actor* self, route_kind how, const entity_key& k, caf::message& payload) {
  auto& st = self->state;
  if (how == route_kind::if_live) {
    if (auto it = st.live.find(k); it != st.live.end())
      self->send(it->second, std::move(payload));
    else if (auto d = st.draining.find(k); d != st.draining.end())
      d->second.notices.push_back(std::move(payload));
    return;
  }
  auto rp = self->make_response_promise();
  if (how == route_kind::ask_if_live) {  // operators: never activates anything
    if (auto it = st.live.find(k); it != st.live.end())
      rp.delegate(it->second, std::move(payload));
    else
      rp.deliver(make_error(shop_error::actor_not_live));
    return;
  }
  if (auto d = st.draining.find(k); d != st.draining.end()) {
    d->second.waiting.emplace_back(std::move(rp), std::move(payload));
    return;
  }
  auto a = activate(self, k, how == route_kind::route_new);
  if (!a) {
    rp.deliver(make_error(shop_error::invalid_argument));
    return;
  }
  rp.delegate(a, std::move(payload));
}

}  // namespace

entity_registry spawn_entity_registry(caf::actor_system& sys, std::size_t shards,
                                      std::chrono::milliseconds alarm_resolution,
                                      crash_handler on_crash) {
  std::vector<caf::actor> all;
  for (std::size_t i = 0; i < std::max<std::size_t>(shards, 1); ++i)
    all.push_back(sys.spawn(registry_shard, i, alarm_resolution, on_crash));
  return entity_registry{std::move(all)};
}

void install_factories(const entity_registry& reg, std::shared_ptr<const entity_factories> f) {
  for (const auto& s : reg.shards()) caf::anon_send(s, configure_atom::value, f);
}

}  // namespace shop
