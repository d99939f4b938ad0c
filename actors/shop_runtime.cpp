#include "actors/shop_runtime.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <stdexcept>

#include "actors/cluster/membership_actor.hpp"
#include "actors/cluster/node_gateway.hpp"
#include "actors/entities/coupon_campaign_actor.hpp"
#include "actors/entities/order_actor.hpp"
#include "actors/entities/product_actor.hpp"
#include "actors/entities/product_option_actor.hpp"
#include "actors/entities/user_actor.hpp"
#include "actors/hosting/entity_spawn.hpp"
#include "actors/hosting/id_allocator.hpp"
#include "actors/jobs/operator_view.hpp"
#include "actors/jobs/order_sweeper.hpp"
#include "actors/jobs/popularity_batch.hpp"
#include "actors/jobs/receipt_retention.hpp"
#include "persistence/catalog_queries.hpp"
#include "persistence/cluster/membership_keeper.hpp"
#include "persistence/cluster/membership_store.hpp"
#include "persistence/database.hpp"
#include "persistence/id_block_source.hpp"
#include "persistence/migrations.hpp"
#include "persistence/store_reader.hpp"

namespace shop {
namespace {

// Every kind of entity the registry activates, and how.
constexpr std::pair<entity_kind, entity_spawner> entity_kinds[] = {
    {entity_kind::product, spawn_product}, {entity_kind::option, spawn_product_option},
    {entity_kind::user, spawn_user},       {entity_kind::coupon, spawn_coupon_campaign},
    {entity_kind::order, spawn_order},
};

// Publishes this node's gateway to the other nodes, registers the node (fencing an earlier
// process of the same name) and starts its membership actor, which takes its share of shards.
// The cluster's actors of this node: its gateway, the keeper of its membership rows, the keeper
// that renews its lease and the membership actor itself (last), by name.
std::vector<std::pair<std::string, caf::actor>> join_cluster(caf::actor_system& sys,
                                                             const runtime_options& opts,
                                                             sql::Connection& con,
                                                             const entity_context& ctx,
                                                             std::vector<caf::actor> listeners) {
  const auto& c = opts.cluster;
  auto gateway = cluster::spawn_node_gateway(sys, ctx.registry, c.node_id);
  auto port = sys.middleman().publish(gateway, c.port, c.address.c_str(), true);
  if (!port) {  // a port in use stays in use: no retry
    caf::anon_send_exit(gateway, caf::exit_reason::user_shutdown);
    throw cluster_misconfigured("cluster: cannot listen on " + c.address + ":" +
                                std::to_string(c.port) + ": " + sys.render(port.error()));
  }
  model::node_address self{c.node_id, c.http_address, c.address + ":" + std::to_string(*port)};
  std::int64_t incarnation = 0;
  try {
    incarnation = persistence::cluster::register_node(con, self, c.lease_ms);
  } catch (const sql::SQLException& e) {
    caf::anon_send_exit(gateway, caf::exit_reason::user_shutdown);
    throw std::runtime_error(std::string{"cluster: cannot register: "} + e.what());
  }
  spdlog::info("cluster: node {} (incarnation {}) listening for nodes on {}", c.node_id,
               incarnation, self.cluster_address);
  cluster::membership_options m;
  m.self = self;
  m.incarnation = incarnation;
  m.lease_ms = c.lease_ms;
  m.shard_count = c.shards;
  m.keeper = persistence::cluster::spawn_membership_keeper(sys, opts.db, c.node_id, incarnation,
                                                           c.lease_ms);
  m.renewer = persistence::cluster::spawn_membership_keeper(sys, opts.db, c.node_id, incarnation,
                                                            c.lease_ms);
  m.fencer = persistence::cluster::spawn_membership_keeper(sys, opts.db, c.node_id, incarnation,
                                                           c.lease_ms);
  m.registry = ctx.registry;
  m.journal = ctx.journal;
  listeners.push_back(gateway);  // it passes peers' hellos to the membership actor
  m.listeners = std::move(listeners);
  m.on_fenced = c.on_fenced;
  m.fold_sales = opts.journal.fold_interval.count() > 0;
  auto keeper = m.keeper;
  auto renewer = m.renewer;
  auto fencer = m.fencer;
  auto membership = cluster::spawn_membership_actor(sys, std::move(m));
  return {{"node_gateway", gateway},
          {"membership_keeper", keeper},
          {"lease_renewer", renewer},
          {"peer_fencer", fencer},
          {"membership", membership}};
}

}  // namespace

std::unique_ptr<shop_runtime> start_runtime(caf::actor_system& sys, const runtime_options& opts) {
  std::vector<std::int64_t> max_ids;
  std::unique_ptr<sql::Connection> con;
  try {
    con = persistence::connect(opts.db);
    auto applied = persistence::migrate(*con);
    for (int v : applied) spdlog::info("applied migration {}", v);
    if (opts.cluster.enabled) persistence::cluster::ensure_shard_count(*con, opts.cluster.shards);
    for (std::size_t t = 0; t < static_cast<std::size_t>(model::table_id::count_); ++t)
      max_ids.push_back(persistence::max_id(*con, static_cast<model::table_id>(t)));
  } catch (const persistence::cluster::shard_count_mismatch& e) {
    throw cluster_misconfigured(e.what());
  } catch (const sql::SQLException& e) {
    throw std::runtime_error(std::string{"database "} + opts.db.host + ":" +
                             std::to_string(opts.db.port) + "/" + opts.db.name +
                             " not ready: " + e.what());
  }
  entity_context ctx;
  auto journal_opts = opts.journal;
  // In a cluster the owner of shard 0 folds the sales (membership_actor.cpp), not every node.
  if (opts.cluster.enabled) journal_opts.fold_interval = std::chrono::milliseconds(0);
  ctx.journal =
      persistence::spawn_journal_writer(sys, opts.db, journal_opts, opts.journal_capacity);
  ctx.readers = persistence::spawn_store_readers(sys, opts.db, opts.readers);
  // Alarms are at most a tenth of the idle time late (100 ms in production; tests with short
  // idle times passivate quickly).
  auto alarm_resolution =
      std::clamp(opts.idle_ttl / 10, std::chrono::milliseconds(1), std::chrono::milliseconds(100));
  ctx.registry = spawn_entity_registry(sys, opts.registry_shards, alarm_resolution, exit_on_crash);
  ctx.idle_ttl = opts.idle_ttl;
  ctx.node_id = opts.cluster.node_id;
  caf::actor id_blocks;  // cluster_ids only
  if (opts.cluster_ids) {
    id_blocks = persistence::spawn_id_block_source(sys, opts.db, std::move(max_ids));
    ctx.ids = spawn_block_id_allocator(sys, id_blocks, opts.id_block_size);
  } else {
    ctx.ids = spawn_id_allocator(sys, std::move(max_ids));
  }
  ctx.order_hold_ttl = opts.order_hold_ttl;
  if (opts.deliver_order)
    ctx.delivery = spawn_order_delivery(sys, ctx.journal, ctx.readers, ctx.ids, opts.deliver_order,
                                        opts.delivery);
  auto factories = std::make_shared<entity_factories>();
  auto shared = std::make_shared<const entity_context>(ctx);
  for (auto [kind, spawn] : entity_kinds)
    (*factories)[kind] = [shared, spawn = spawn](caf::local_actor* parent, std::int64_t id,
                                                 bool fresh, model::shard_claim claim) {
      return spawn(parent, id, shared, claim, fresh);
    };
  install_factories(ctx.registry, std::move(factories));
  auto sweeper = spawn_order_sweeper(sys, ctx, opts.order_sweep_interval);
  auto popularity = spawn_popularity_batch(sys, ctx, opts.popularity_batch_minute);
  auto operators = spawn_operator_view(sys, ctx);
  auto receipts = spawn_receipt_retention(sys, ctx, opts.receipt_purge_interval);
  actor_bridge bridge{sys, opts.bridge_actors};
  std::vector<std::pair<std::string, caf::actor>> actors;
  for (const auto& shard : ctx.registry.shards()) actors.emplace_back("entity_registry", shard);
  actors.insert(actors.end(), {{"store_readers", caf::actor_cast<caf::actor>(ctx.readers)},
                               {"journal_writer", caf::actor_cast<caf::actor>(ctx.journal.writer)},
                               {"id_allocator", ctx.ids},
                               {"order_sweeper", sweeper},
                               {"popularity_batch", popularity},
                               {"operator_view", operators},
                               {"receipt_retention", receipts}});
  if (id_blocks) actors.emplace_back("id_block_source", id_blocks);
  if (ctx.delivery) actors.emplace_back("order_delivery", ctx.delivery);
  for (const auto& a : bridge.actors()) actors.emplace_back("actor_bridge", a);
  caf::actor membership;
  if (opts.cluster.enabled) {
    try {
      std::vector<caf::actor> listeners{sweeper, popularity, receipts};
      if (ctx.delivery) listeners.push_back(ctx.delivery);
      for (const auto& a : bridge.actors()) listeners.push_back(a);  // forward latency metric
      auto joined = join_cluster(sys, opts, *con, ctx, std::move(listeners));
      membership = joined.back().second;
      actors.insert(actors.end(), joined.begin(), joined.end());
    } catch (const std::exception&) {
      // Nothing of this attempt may stay alive: the caller may retry from scratch.
      bridge.stop();
      for (const auto& [name, a] : actors) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
      throw;
    }
  }
  auto crashes = spawn_crash_watch(sys, actors, exit_on_crash);
  return std::unique_ptr<shop_runtime>(new shop_runtime{sys, ctx, sweeper, bridge, popularity,
                                                        operators, receipts, membership,
                                                        std::move(actors), crashes});
}

bool shop_runtime::leave(std::chrono::milliseconds timeout) {
  if (!cluster) return true;
  caf::scoped_actor self{system};
  bool ok = false;
  self->request(cluster, timeout, leave_atom::value)
      .receive([&](caf::ok_atom) { ok = true; },
               [&](caf::error& e) { spdlog::error("cluster: leaving failed: {}", to_string(e)); });
  return ok;
}

bool shop_runtime::flush(std::chrono::milliseconds timeout) {
  caf::scoped_actor self{system};
  bool ok = false;
  self->request(ctx.journal.writer, timeout, model::sync_atom::value)
      .receive([&](caf::ok_atom) { ok = true; },
               [&](caf::error& e) { spdlog::error("journal flush failed: {}", to_string(e)); });
  return ok;
}

void shop_runtime::stop() {
  caf::anon_send_exit(crashes, caf::exit_reason::user_shutdown);  // first: these exits are no crash
  for (const auto& [name, a] : actors) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

}  // namespace shop
