#include "actors/hosting/entity_registry.hpp"

#include <spdlog/spdlog.h>

#include <caf/all.hpp>

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

struct shard_state {
  std::shared_ptr<const entity_factories> factories;
  std::unordered_map<entity_key, caf::actor, entity_key_hash> live;
  std::unordered_map<entity_key, draining_entity, entity_key_hash> draining;
  std::unordered_map<caf::actor_addr, entity_key> keys;
  alarm_book alarms{std::chrono::milliseconds(100)};
  bool ticking = false;  // an alarm_tick is on its way
  static inline const char* name = "entity_registry";
};

using shard_actor = caf::stateful_actor<shard_state>;

caf::actor activate(shard_actor* self, const entity_key& k, bool fresh = false) {
  auto& st = self->state;
  if (auto it = st.live.find(k); it != st.live.end()) return it->second;
  if (!st.factories) return {};
  auto f = st.factories->find(k.kind);
  if (f == st.factories->end()) return {};
  auto a = f->second(self, k.id, fresh);
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

caf::behavior registry_shard(shard_actor* self, std::size_t /* index, for logs */,
                             std::chrono::milliseconds alarm_resolution, crash_handler on_crash) {
  self->state.alarms = alarm_book{alarm_resolution};
  self->set_down_handler([=](caf::down_msg& dm) {
    auto& st = self->state;
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
        auto rp = self->make_response_promise();
        auto& st = self->state;
        if (auto d = st.draining.find(k); d != st.draining.end()) {
          d->second.waiting.emplace_back(std::move(rp), std::move(payload));
          return;
        }
        auto a = activate(self, k);
        if (!a) {
          rp.deliver(make_error(shop_error::invalid_argument));
          return;
        }
        rp.delegate(a, std::move(payload));
      },
      [=](route_new_atom, const entity_key& k, caf::message& payload) {
        auto rp = self->make_response_promise();
        auto& st = self->state;
        if (auto d = st.draining.find(k); d != st.draining.end()) {
          d->second.waiting.emplace_back(std::move(rp), std::move(payload));
          return;
        }
        auto a = activate(self, k, true);
        if (!a) {
          rp.deliver(make_error(shop_error::invalid_argument));
          return;
        }
        rp.delegate(a, std::move(payload));
      },
      [=](route_if_live_atom, const entity_key& k, caf::message& payload) {
        auto& st = self->state;
        if (auto it = st.live.find(k); it != st.live.end())
          self->send(it->second, std::move(payload));
        else if (auto d = st.draining.find(k); d != st.draining.end())
          d->second.notices.push_back(std::move(payload));
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
        auto rp = self->make_response_promise();
        auto& live = self->state.live;
        if (auto it = live.find(k); it != live.end())
          rp.delegate(it->second, std::move(payload));
        else
          rp.deliver(make_error(shop_error::actor_not_live));
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
