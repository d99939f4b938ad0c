// The membership actor without a database: fake keepers stand for the membership rows.
#include "actors/cluster/membership_actor.hpp"

#include <atomic>
#include <caf/all.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <thread>

#include "actors/shop_error.hpp"
#include "model/cluster_view.hpp"
#include "tests/support/wait_until.hpp"

using namespace shop;

namespace {

// node-0's settings over `keeper` (a fake of the membership rows, which renews too), 8 shards.
cluster::membership_options node_0(const caf::actor& keeper, const entity_registry& registry,
                                   std::int64_t lease_ms) {
  cluster::membership_options opts;
  opts.self.node_id = "node-0";
  opts.lease_ms = lease_ms;
  opts.shard_count = 8;
  opts.keeper = keeper;
  opts.renewer = keeper;
  opts.registry = registry;
  return opts;
}

// The membership rows with node-0 UP and all 8 shards without an owner: node-0 takes them.
model::cluster_snapshot unowned_shards() {
  model::cluster_snapshot snap;
  snap.nodes.push_back({{"node-0", "", ""}, 1, "UP", 0});
  for (std::uint32_t s = 0; s < 8; ++s) snap.shards.push_back({s, "", 0, 1});
  return snap;
}

void stop_all(const caf::actor& membership, const caf::actor& keeper,
              const entity_registry& registry) {
  for (const auto& a : {membership, keeper})
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  for (const auto& s : registry.shards()) caf::anon_send_exit(s, caf::exit_reason::user_shutdown);
}

}  // namespace

TEST_CASE("before its first read of the membership a node refuses every key with 503",
          "[actors][cluster]") {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  auto registry = spawn_entity_registry(sys, 4, std::chrono::milliseconds(100), {});
  // Takes every request and answers none: no lease renewed, no table read. (Spawned with an
  // argument: CAF 0.17 dereferences a null argument tuple for a spawn without one, which UBSan
  // reports.)
  auto keeper = sys.spawn(
      [](caf::event_based_actor* self, bool answers) -> caf::behavior {
        return {[self, answers](caf::message&) {
          if (!answers) self->make_response_promise();
        }};
      },
      false);
  auto opts = node_0(keeper, registry, 60000);
  auto membership = cluster::spawn_membership_actor(sys, opts);
  caf::scoped_actor self{sys};
  auto k = key_of(entity_kind::option, 5);
  caf::error refused;
  self->request(registry.shard_for(k), std::chrono::seconds(30),
                entity_registry::routed(k, view_atom::value))
      .receive([](model::option_row&) {}, [&](caf::error& e) { refused = std::move(e); });
  // Not served here as a lone node would (no entity kinds are installed: that answers 400).
  CHECK(refused == make_error(shop_error::unavailable));
  stop_all(membership, keeper, registry);
}

TEST_CASE("a node whose lease runs out while it leaves finishes leaving instead of exiting fenced",
          "[actors][cluster]") {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  auto registry = spawn_entity_registry(sys, 2, std::chrono::milliseconds(100), {});
  auto renew_ok = std::make_shared<std::atomic<bool>>(true);
  auto refused_renewals = std::make_shared<std::atomic<int>>(0);
  // Renews until told not to (as when the node's own releases held the renewal up past the
  // lease); the node holds no shard.
  auto keeper = sys.spawn(
      [](caf::event_based_actor* self, std::shared_ptr<std::atomic<bool>> renew_ok,
         std::shared_ptr<std::atomic<int>> refused_renewals) -> caf::behavior {
        return {
            [=](model::renew_atom) {
              auto rp = self->make_response_promise<bool>();
              rp.deliver(renew_ok->load());
              if (!*renew_ok) ++*refused_renewals;  // counted once the refusal is on its way
              return rp;
            },
            [](model::read_cluster_atom) { return model::cluster_snapshot{}; },
            [](model::mark_leaving_atom) { return true; },
        };
      },
      renew_ok, refused_renewals);
  auto fenced = std::make_shared<std::atomic<bool>>(false);
  auto opts = node_0(keeper, registry, 150);  // a renewal every 50 ms
  opts.on_fenced = [fenced] { *fenced = true; };
  auto membership = cluster::spawn_membership_actor(sys, opts);
  caf::scoped_actor self{sys};
  bool left = false;
  self->request(membership, std::chrono::seconds(30), leave_atom::value)
      .receive([&](caf::ok_atom) { left = true; }, [](caf::error&) {});
  REQUIRE(left);
  *renew_ok = false;
  REQUIRE(test::wait_until([&] { return *refused_renewals > 0; }, std::chrono::seconds(30)));
  // Asked after the refusal reached its mailbox: answered once the refusal was handled.
  bool answered = false;
  self->request(membership, std::chrono::seconds(30), cluster_view_atom::value)
      .receive([&](model::cluster_view&) { answered = true; }, [](caf::error&) {});
  REQUIRE(answered);
  CHECK_FALSE(*fenced);
  stop_all(membership, keeper, registry);
}

TEST_CASE("a node keeps renewing its lease while a tick takes longer than the lease",
          "[actors][cluster]") {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  auto registry = spawn_entity_registry(sys, 2, std::chrono::milliseconds(100), {});
  auto renewals = std::make_shared<std::atomic<int>>(0);
  auto takes = std::make_shared<std::atomic<int>>(0);
  // Every shard without an owner, so the node takes them; a take is never answered (as a handoff
  // waiting for busy entities holds a tick up): the tick stays busy until the take times out.
  auto keeper = sys.spawn(
      [](caf::event_based_actor* self, std::shared_ptr<std::atomic<int>> renewals,
         std::shared_ptr<std::atomic<int>> takes) -> caf::behavior {
        return {
            [=](model::renew_atom) {
              ++*renewals;
              return true;
            },
            [](model::read_cluster_atom) { return unowned_shards(); },
            [=](model::take_shard_atom, std::uint32_t, std::int64_t) {
              ++*takes;
              self->make_response_promise();  // never answered
            },
        };
      },
      renewals, takes);
  auto fenced = std::make_shared<std::atomic<bool>>(false);
  auto opts = node_0(keeper, registry, 150);  // a renewal every 50 ms
  opts.incarnation = 1;
  opts.on_fenced = [fenced] { *fenced = true; };
  auto membership = cluster::spawn_membership_actor(sys, opts);
  REQUIRE(test::wait_until([&] { return *takes > 0; }, std::chrono::seconds(10)));
  const int before = *renewals;
  std::this_thread::sleep_for(std::chrono::seconds(1));  // 6 leases while the take hangs
  CHECK(*renewals - before >= 5);
  CHECK_FALSE(*fenced);
  stop_all(membership, keeper, registry);
}

TEST_CASE("a node renews its lease on a keeper of its own while a take waits on the database",
          "[actors][cluster]") {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  auto registry = spawn_entity_registry(sys, 2, std::chrono::milliseconds(100), {});
  // Both keepers are detached, as the real one is: a take that waits on a row lock (here: sleeps)
  // holds up everything queued behind it on that keeper.
  auto fake_keeper = [](caf::event_based_actor*, std::shared_ptr<std::atomic<int>> renewals,
                        std::shared_ptr<std::atomic<int>> takes) -> caf::behavior {
    return {
        [=](model::renew_atom) {
          ++*renewals;
          return true;
        },
        [](model::read_cluster_atom) { return unowned_shards(); },
        [=](model::take_shard_atom, std::uint32_t, std::int64_t) -> std::int64_t {
          ++*takes;
          std::this_thread::sleep_for(std::chrono::milliseconds(400));
          return 0;  // another node was first
        },
    };
  };
  auto keeper_renewals = std::make_shared<std::atomic<int>>(0);
  auto renewer_renewals = std::make_shared<std::atomic<int>>(0);
  auto takes = std::make_shared<std::atomic<int>>(0);
  auto unused = std::make_shared<std::atomic<int>>(0);
  auto keeper = sys.spawn<caf::detached>(fake_keeper, keeper_renewals, takes);
  auto renewer = sys.spawn<caf::detached>(fake_keeper, renewer_renewals, unused);
  auto fenced = std::make_shared<std::atomic<bool>>(false);
  auto opts = node_0(keeper, registry, 150);  // a renewal every 50 ms
  opts.renewer = renewer;
  opts.incarnation = 1;
  opts.on_fenced = [fenced] { *fenced = true; };
  auto membership = cluster::spawn_membership_actor(sys, opts);
  REQUIRE(test::wait_until([&] { return *takes > 0; }, std::chrono::seconds(10)));
  const int before = *renewer_renewals;
  std::this_thread::sleep_for(std::chrono::seconds(1));  // 6 leases while takes hold the keeper
  CHECK(*renewer_renewals - before >= 5);
  CHECK(*keeper_renewals == 0);
  CHECK_FALSE(*fenced);
  caf::anon_send_exit(renewer, caf::exit_reason::user_shutdown);
  stop_all(membership, keeper, registry);
}
