#include "actors/cluster/membership_actor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <map>
#include <memory>
#include <set>

#include "actors/cluster/fence_queue.hpp"
#include "actors/cluster/routing_table.hpp"
#include "actors/cluster/shard_placement.hpp"
#include "actors/hosting/gather.hpp"
#include "actors/shop_error.hpp"
#include "metrics/metrics.hpp"
#include "model/cluster_view.hpp"
#include "model/journal_protocol.hpp"

namespace shop::cluster {
namespace {

using tick_atom = caf::atom_constant<caf::atom("membtick")>;

constexpr auto peer_connect_timeout = std::chrono::seconds(2);
constexpr auto handoff_timeout = std::chrono::seconds(20);
// How long a handoff waits for its entities to passivate before it goes on without the busy
// ones (entity_registry.cpp): within handoff_timeout, and well within a SIGTERM's 30 s.
constexpr auto passivation_bound = std::chrono::seconds(10);

using renew_tick_atom = caf::atom_constant<caf::atom("renewtick")>;
using fence_start_atom = caf::atom_constant<caf::atom("fencego")>;

struct peer {
  std::string address;  // host:port it registered
  caf::actor gateway;   // its node_gateway, once connected
  bool connecting = false;
};

// A peer process as CAF knows it (its caf::node_id), for fence_peer_atom: the cluster node it
// is and who waits for it to be fenced.
struct peer_fence {
  std::string node_id;
  fence_queue<caf::response_promise> queue;
  bool starting = false;  // a fence_start_atom is on its way
};

// Askers that come within this time share one fence (an option per unsettled order, the
// registry shards' forwards: all for one lost connection).
constexpr auto fence_gather = std::chrono::milliseconds(20);

struct membership_state {
  membership_options opts;
  model::cluster_snapshot seen;  // the last read
  routing routes;
  std::map<std::string, peer> peers;
  std::map<caf::node_id, peer_fence> fences;
  // Peers this node lost the connection to since its last hello to them ("A loss only one side
  // saw", docs/architecture.md).
  std::set<caf::node_id> lost;
  std::map<std::uint32_t, std::int64_t> owned;  // shard -> epoch, as this node holds them
  bool busy = false;                            // a tick is running
  bool renewing = false;                        // a renewal of renew_while_busy is on its way
  bool renewals_over = false;                   // the lease ran out: no renewal will succeed
  bool leaving = false;
  // After the database was away, every lease may have run out meanwhile: no takeover until all
  // live nodes had a lease's time to renew again.
  std::chrono::steady_clock::time_point calm_after{};
  static inline const char* name = "membership";
};

using membership = caf::stateful_actor<membership_state>;

std::chrono::milliseconds period(const membership_state& st) {
  return std::chrono::milliseconds(std::max<std::int64_t>(st.opts.lease_ms / 3, 50));
}

bool alive(const model::node_record& n) {
  return n.status == "UP" || n.status == "LEAVING";
}

// Builds the table every registry shard routes by, from the last read and the shards this node
// holds now.
void publish_routes(membership* self) {
  auto& st = self->state;
  auto t = std::make_shared<routing_table>();
  t->self = st.opts.self.node_id;
  t->shards.resize(st.opts.shard_count);
  t->membership = caf::actor_cast<caf::actor>(self);
  std::map<std::string, const model::node_record*> nodes;
  for (const auto& n : st.seen.nodes) nodes[n.address.node_id] = &n;
  for (const auto& r : st.seen.shards) {
    if (r.shard >= t->shards.size()) continue;
    auto& out = t->shards[r.shard];
    auto n = nodes.find(r.owner_node);
    bool owner_alive =
        n != nodes.end() && alive(*n->second) && n->second->incarnation == r.owner_incarnation;
    if (!owner_alive || r.owner_node == st.opts.self.node_id) continue;
    out.owner = r.owner_node;
    out.epoch = r.epoch;
    if (auto p = st.peers.find(r.owner_node); p != st.peers.end()) out.gateway = p->second.gateway;
  }
  for (const auto& [s, epoch] : st.owned) {
    if (s >= t->shards.size()) continue;
    t->shards[s] = {st.opts.self.node_id, epoch, true, {}};
  }
  metrics::global().cluster_shards_owned.set(static_cast<std::int64_t>(st.owned.size()));
  st.routes = t;
  for (const auto& shard : st.opts.registry.shards())
    self->send(shard, routing_atom::value, st.routes);
  for (const auto& l : st.opts.listeners) self->send(l, routing_atom::value, st.routes);
}

// Opens a connection to every live peer not reached yet (asynchronously, through the
// middleman's actor: a blocking connect to a paused node would stall the lease).
void reach_peers(membership* self) {
  auto& st = self->state;
  for (const auto& n : st.seen.nodes) {
    const auto& id = n.address.node_id;
    if (id == st.opts.self.node_id) continue;
    auto& p = st.peers[id];
    if (!alive(n)) {
      p.gateway = {};
      continue;
    }
    if (p.address != n.address.cluster_address) p = peer{n.address.cluster_address, {}, false};
    if (p.gateway || p.connecting) continue;
    auto colon = p.address.rfind(':');
    if (colon == std::string::npos) continue;
    auto host = p.address.substr(0, colon);
    auto port = static_cast<std::uint16_t>(std::stoi(p.address.substr(colon + 1)));
    p.connecting = true;
    auto mm = self->system().middleman().actor_handle();
    self->request(mm, peer_connect_timeout, caf::connect_atom::value, host, port)
        .then(
            [self, id, address = p.address](caf::node_id& nid, caf::strong_actor_ptr& ptr,
                                            std::set<std::string>&) {
              auto& p = self->state.peers[id];
              p.connecting = false;
              if (!ptr || p.address != address) return;
              self->state.fences[nid].node_id = id;
              p.gateway = caf::actor_cast<caf::actor>(ptr);
              self->monitor(p.gateway);
              spdlog::info("cluster: connected to {} at {}", id, address);
              // Tells the peer who this is, and whether this node lost the connection since its
              // last hello: what the peer sent meanwhile was dropped, maybe unseen there.
              const bool lost = self->state.lost.erase(nid) > 0;
              self->send(p.gateway, hello_atom::value, self->state.opts.self.node_id, lost);
              publish_routes(self);
            },
            [self, id](caf::error& e) {
              self->state.peers[id].connecting = false;
              spdlog::warn("cluster: cannot reach {}: {}", id, to_string(e));
            });
  }
}

// The plan's moves this node makes: it takes the shards given to it that have no live owner, and
// hands over the ones the plan gives a node that joined.
struct moves {
  std::vector<std::pair<std::uint32_t, std::int64_t>> take;  // shard, epoch expected
  std::vector<std::uint32_t> give;
};

moves plan_moves(const membership_state& st) {
  std::map<std::string, const model::node_record*> nodes;
  for (const auto& n : st.seen.nodes) nodes[n.address.node_id] = &n;
  std::vector<std::string> owners(st.opts.shard_count);
  std::vector<std::int64_t> epochs(st.opts.shard_count);
  for (const auto& r : st.seen.shards) {
    if (r.shard >= owners.size()) continue;
    epochs[r.shard] = r.epoch;
    auto n = nodes.find(r.owner_node);
    if (n != nodes.end() && alive(*n->second) && n->second->incarnation == r.owner_incarnation)
      owners[r.shard] = r.owner_node;
  }
  std::vector<std::string> live;
  for (const auto& n : st.seen.nodes)
    if (n.status == "UP") live.push_back(n.address.node_id);
  moves out;
  const auto& me = st.opts.self.node_id;
  for (const auto& m : plan_placement(owners, live)) {
    if (m.to == me && m.from.empty()) out.take.emplace_back(m.shard, epochs[m.shard]);
    if (m.from == me && !m.to.empty() && st.owned.count(m.shard)) out.give.push_back(m.shard);
  }
  return out;
}

void end_tick(membership* self) {
  auto& st = self->state;
  // The sales fold is shop-wide: the owner of shard 0 runs it, on its own journal connection.
  if (st.opts.fold_sales && st.owned.count(0) && !st.leaving)
    self->request(st.opts.journal.writer, std::chrono::seconds(30), model::fold_sales_atom::value)
        .then([](std::int64_t) {}, [](caf::error&) {});
  self->state.busy = false;
  self->delayed_send(self, period(self->state), tick_atom::value);
}

// Hands `shards` over (a node joined, or this one leaves): the registry shards refuse new work for
// them and passivate their entities, the journal commits everything they wrote, then each shard is
// released at epoch + 1 for its next owner to take. `done()` after all, whatever failed: a shard
// that could not be released stays this node's, and its entities activate again on demand.
void hand_over(membership* self, std::vector<std::uint32_t> shards, std::function<void()> done) {
  if (shards.empty()) return done();
  auto& st = self->state;
  auto release = [self, shards, done](bool drained) {
    auto& st = self->state;
    auto g = gather<int>::start(shards.size(), 0, [self, done](int&) {
      publish_routes(self);
      done();
    });
    for (auto s : shards) {
      auto it = st.owned.find(s);
      if (!drained || it == st.owned.end()) {
        g->arrived();
        continue;
      }
      self->request(st.opts.keeper, std::chrono::seconds(10), model::release_shard_atom::value, s,
                    it->second)
          .then(
              [self, g, s](bool released) {
                if (released) {
                  self->state.owned.erase(s);
                  metrics::global().cluster_handoffs.inc();
                }
                g->arrived();
              },
              [g](caf::error&) { g->arrived(); });
    }
  };
  const auto& registry_shards = st.opts.registry.shards();
  auto passivated = gather<bool>::start(registry_shards.size(), true, [self, release](bool& ok) {
    // Everything the passivated entities wrote is in the journal's queue: commit it first.
    self->request(self->state.opts.journal.writer, handoff_timeout, model::sync_atom::value)
        .then([release, ok](caf::ok_atom) { release(ok); },
              [release](caf::error&) { release(false); });
  });
  for (const auto& shard : registry_shards)
    self->request(shard, handoff_timeout, handoff_atom::value, shards,
                  caf::timespan{passivation_bound})
        .then([passivated](caf::ok_atom) { passivated->arrived(); },
              [passivated](caf::error&) {
                passivated->value = false;
                passivated->arrived();
              });
}

// Takes the shards with no live owner that the plan gives this node, each at epoch + 1.
void take_over(membership* self, std::vector<std::pair<std::uint32_t, std::int64_t>> shards,
               std::function<void()> done) {
  if (shards.empty()) return done();
  auto g = gather<int>::start(shards.size(), 0, [self, done](int& taken) {
    if (taken > 0) publish_routes(self);
    done();
  });
  for (auto [s, expected] : shards)
    self->request(self->state.opts.keeper, std::chrono::seconds(10), model::take_shard_atom::value,
                  s, expected)
        .then(
            [self, g, s = s](std::int64_t epoch) {
              if (epoch > 0) {
                self->state.owned[s] = epoch;
                metrics::global().cluster_takeovers.inc();
                ++g->value;
              }
              g->arrived();
            },
            [g](caf::error&) { g->arrived(); });
}

void count_nodes(const model::cluster_snapshot& snap) {
  std::int64_t up = 0, leaving = 0, dead = 0;
  for (const auto& n : snap.nodes)
    (n.status == "UP" ? up : n.status == "LEAVING" ? leaving : dead) += 1;
  auto& m = metrics::global();
  m.cluster_nodes_up.set(up);
  m.cluster_nodes_leaving.set(leaving);
  m.cluster_nodes_dead.set(dead);
}

// Shards this node believes it holds but the database gives to another owner or epoch: lost while
// this node was away (paused past its lease). Their entities stop; the fence refuses their units.
void forget_lost(membership* self) {
  auto& st = self->state;
  int refenced = 0;
  for (const auto& r : st.seen.shards) {
    auto it = st.owned.find(r.shard);
    // A restart under the same name took its shards back when it registered (epoch + 1).
    if (it == st.owned.end() && r.owner_node == st.opts.self.node_id &&
        r.owner_incarnation == st.opts.incarnation && !st.leaving)
      st.owned[r.shard] = r.epoch;
    if (it == st.owned.end()) continue;
    if (r.owner_node == st.opts.self.node_id && r.owner_incarnation == st.opts.incarnation &&
        r.epoch != it->second) {
      // A peer lost contact with this node and fenced it (fence_peer): still this node's, at
      // the new epoch; its entities passivate (the registry sees the epoch move) and reload.
      it->second = r.epoch;
      ++refenced;
      continue;
    }
    if (r.owner_node != st.opts.self.node_id || r.epoch != it->second) {
      spdlog::warn("cluster: shard {} is no longer this node's (owner {}, epoch {})", r.shard,
                   r.owner_node, r.epoch);
      st.owned.erase(it);
    }
  }
  if (refenced > 0)
    spdlog::warn(
        "cluster: a peer fenced this node: {} shards at a new epoch, their entities reload",
        refenced);
}

void reconcile(membership* self, model::cluster_snapshot snap) {
  auto& st = self->state;
  st.seen = std::move(snap);
  count_nodes(st.seen);
  forget_lost(self);
  reach_peers(self);
  publish_routes(self);
  if (st.leaving) return end_tick(self);
  auto m = plan_moves(st);
  if (std::chrono::steady_clock::now() < st.calm_after) m.take.clear();
  hand_over(self, std::move(m.give), [self, take = std::move(m.take)]() mutable {
    take_over(self, std::move(take), [self] { end_tick(self); });
  });
}

// The lease ran out before this node renewed it: the others may own its shards now.
void renewal_refused(membership* self) {
  auto& st = self->state;
  if (st.renewals_over) return;
  st.renewals_over = true;
  if (st.leaving) {
    // Its own releases can hold the renewal up past the lease. A node on its way out finishes
    // leaving (it refuses new work; the fence refuses whatever its shards' new owners took over)
    // and exits 0; it renews no more.
    spdlog::info("cluster: lease of node {} ran out while leaving", st.opts.self.node_id);
    return;
  }
  spdlog::critical("cluster: node {} was declared dead or replaced; stopping",
                   st.opts.self.node_id);
  if (st.opts.on_fenced) st.opts.on_fenced();
}

// A tick that hands shards over or takes them can outlast the lease (a handoff waits up to
// passivation_bound for its entities): meanwhile the lease is renewed on its own period, or the
// others would declare this node dead while it hands shards to them.
void renew_while_busy(membership* self) {
  auto& st = self->state;
  self->delayed_send(self, period(st), renew_tick_atom::value);
  if (!st.busy || st.renewing || st.renewals_over) return;
  st.renewing = true;
  self->request(st.opts.renewer, std::chrono::milliseconds(st.opts.lease_ms),
                model::renew_atom::value)
      .then(
          [self](bool renewed) {
            self->state.renewing = false;
            if (!renewed) renewal_refused(self);
          },
          [self](caf::error& e) {
            self->state.renewing = false;
            spdlog::warn("cluster: membership not renewed: {}", to_string(e));
          });
}

void tick(membership* self) {
  auto& st = self->state;
  if (st.busy) return;
  st.busy = true;
  auto db_away = [self](caf::error& e) {
    auto& st = self->state;
    spdlog::warn("cluster: membership not renewed: {}", to_string(e));
    st.calm_after = std::chrono::steady_clock::now() + std::chrono::milliseconds(st.opts.lease_ms);
    end_tick(self);
  };
  self->request(st.opts.renewer, std::chrono::milliseconds(st.opts.lease_ms),
                model::renew_atom::value)
      .then(
          [self, db_away](bool renewed) {
            auto& st = self->state;
            if (!renewed) return renewal_refused(self);
            self->request(st.opts.keeper, std::chrono::milliseconds(st.opts.lease_ms),
                          model::read_cluster_atom::value)
                .then([self](model::cluster_snapshot& snap) { reconcile(self, std::move(snap)); },
                      db_away);
          },
          db_away);
}

model::cluster_view view_of(const membership_state& st) {
  model::cluster_view v;
  v.node_id = st.opts.self.node_id;
  v.shard_count = st.opts.shard_count;
  std::map<std::string, std::int64_t> shards;
  for (const auto& r : st.seen.shards)
    if (!r.owner_node.empty()) ++shards[r.owner_node];
  for (const auto& n : st.seen.nodes)
    v.nodes.push_back({n.address.node_id, n.address.http_address, n.address.cluster_address,
                       n.status, n.lease_expires_at_ms, shards[n.address.node_id]});
  return v;
}

// Runs the next fence of `peer` after `delay`, unless one is on its way.
void start_fence_after(membership* self, const caf::node_id& peer,
                       std::chrono::milliseconds delay) {
  auto& f = self->state.fences[peer];
  if (f.starting) return;
  f.starting = true;
  self->delayed_send(self, delay, fence_start_atom::value, peer);
}

// Fences `peer` in the database (fence_node) and answers the askers that fence covers; retried
// until the database answers, since nobody may act on the peer's silence before.
void fence_peer(membership* self, const caf::node_id& peer) {
  auto& f = self->state.fences[peer];
  f.starting = false;
  auto n = f.queue.begin();
  if (!n) return;  // one is running (its end starts the next) or nobody waits
  self->request(self->state.opts.fencer, std::chrono::minutes(1), model::fence_node_atom::value,
                f.node_id)
      .then(
          [self, peer, n = *n](std::int64_t shards) {
            auto& f = self->state.fences[peer];
            spdlog::warn("cluster: lost contact with {}: fenced its {} shards", f.node_id, shards);
            for (auto& rp : f.queue.done(n)) rp.deliver(caf::ok_atom::value);
            if (f.queue.waiting()) start_fence_after(self, peer, fence_gather);
          },
          [self, peer](caf::error& e) {
            auto& f = self->state.fences[peer];
            spdlog::warn("cluster: cannot fence {} yet: {}", f.node_id, to_string(e));
            f.queue.failed();
            start_fence_after(self, peer, period(self->state));
          });
}

caf::behavior membership_actor(membership* self, membership_options opts) {
  self->state.opts = std::move(opts);
  self->set_down_handler([self](caf::down_msg& dm) {
    self->state.lost.insert(dm.source.node());
    for (auto& [id, p] : self->state.peers)
      if (p.gateway && p.gateway.address() == dm.source) {
        spdlog::warn("cluster: lost the connection to {}", id);
        p.gateway = {};
        publish_routes(self);  // requests for its shards get 503 until it is back or replaced
      }
  });
  self->send(self, tick_atom::value);
  self->delayed_send(self, period(self->state), renew_tick_atom::value);
  return {
      [=](tick_atom) { tick(self); },
      [=](renew_tick_atom) { renew_while_busy(self); },
      [=](cluster_view_atom) { return view_of(self->state); },
      // Answers once `peer` can commit nothing it had queued before this ask (fence_peer).
      [=](fence_peer_atom, const caf::node_id& peer) -> caf::result<caf::ok_atom> {
        auto it = self->state.fences.find(peer);
        if (it == self->state.fences.end()) {
          // Only a process that connected here before this node reached it (its first tick
          // after a start): its name is not known yet. docs/architecture.md, "Acting on a
          // peer's silence".
          spdlog::warn("cluster: cannot fence {}: not a peer this node has reached",
                       to_string(peer));
          return caf::ok_atom::value;
        }
        auto rp = self->make_response_promise();
        it->second.queue.ask(rp);
        start_fence_after(self, peer, fence_gather);
        return rp;
      },
      [=](fence_start_atom, const caf::node_id& peer) { fence_peer(self, peer); },
      // A peer reached this node (its hello, through this node's gateway): its name is known
      // from now on, so its silence can be fenced even if this node never reached it. If it lost
      // the connection since its last hello, whatever it sent here meanwhile was dropped, and
      // this node may have seen no loss (CAF drops a connection on one side only): what waits on
      // it here fails as on a loss seen here. The registry shards fail their forwards to it and
      // the options forget its orders' moves, each after fencing it.
      [=](hello_atom, const caf::node_id& peer, const std::string& name, bool lost) {
        auto& st = self->state;
        auto& f = st.fences[peer];
        if (f.node_id.empty()) f.node_id = name;
        if (!lost) return;
        spdlog::warn("cluster: {} lost its connection to this node: failing what waits on it",
                     name);
        for (const auto& shard : st.opts.registry.shards())
          self->send(shard, peer_lost_atom::value, peer);
      },
      [=](leave_atom) -> caf::result<caf::ok_atom> {
        auto& st = self->state;
        st.leaving = true;
        auto rp = self->make_response_promise();
        self->request(st.opts.keeper, std::chrono::seconds(5), model::mark_leaving_atom::value)
            .then([](bool) {}, [](caf::error&) {});
        std::vector<std::uint32_t> all;
        for (const auto& [s, e] : st.owned) all.push_back(s);
        spdlog::info("cluster: leaving, handing {} shards over", all.size());
        hand_over(self, std::move(all), [rp]() mutable { rp.deliver(caf::ok_atom::value); });
        return rp;
      },
  };
}

}  // namespace

caf::actor spawn_membership_actor(caf::actor_system& sys, membership_options opts) {
  // Until the first read no owner is known. Without a table the registry would serve every key
  // here, unfenced, and the first real table would stop those entities with their requests
  // unanswered: every shard is refused (503) meanwhile. Sent before the actor starts, so it
  // reaches the registry before any request can.
  auto unknown = std::make_shared<routing_table>();
  unknown->self = opts.self.node_id;
  unknown->shards.resize(opts.shard_count);
  routing none_yet = unknown;
  for (const auto& shard : opts.registry.shards())
    caf::anon_send(shard, routing_atom::value, none_yet);
  for (const auto& l : opts.listeners) caf::anon_send(l, routing_atom::value, none_yet);
  return sys.spawn(membership_actor, std::move(opts));
}

}  // namespace shop::cluster
