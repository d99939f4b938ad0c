#include "persistence/cluster/membership_keeper.hpp"

#include <spdlog/spdlog.h>

#include <caf/all.hpp>
#include <memory>

#include "model/cluster_rows.hpp"
#include "model/storage_error.hpp"
#include "persistence/cluster/membership_store.hpp"
#include "persistence/database.hpp"

namespace shop::persistence::cluster {
namespace {

struct keeper_state {
  std::unique_ptr<db_thread_scope> thread_scope;
  db_params params;
  std::unique_ptr<sql::Connection> con;
  std::string node;
  std::int64_t incarnation = 0;
  std::int64_t lease_ms = 0;
  static inline const char* name = "membership_keeper";
};

using keeper_actor = caf::stateful_actor<keeper_state>;

// Runs `f(connection)`; a lost connection is dropped (the next call reconnects) and answers
// storage_error::unavailable.
template <class F>
auto with_db(keeper_actor* self, F f)
    -> caf::result<decltype(f(std::declval<sql::Connection&>()))> {
  auto& st = self->state;
  try {
    if (!st.con) st.con = connect(st.params);
    auto out = f(*st.con);
    return out;
  } catch (const sql::SQLException& e) {
    spdlog::warn("cluster membership: database: {}", e.what());
    st.con.reset();
    return model::make_error(model::storage_error::unavailable);
  }
}

caf::behavior membership_keeper(keeper_actor* self, db_params params, std::string node,
                                std::int64_t incarnation, std::int64_t lease_ms) {
  auto& st = self->state;
  st.thread_scope = std::make_unique<db_thread_scope>();
  st.params = std::move(params);
  st.node = std::move(node);
  st.incarnation = incarnation;
  st.lease_ms = lease_ms;
  return {
      [=](model::renew_atom) {
        auto& st = self->state;
        return with_db(self, [&](sql::Connection& c) {
          return renew_lease(c, st.node, st.incarnation, st.lease_ms);
        });
      },
      [=](model::read_cluster_atom) {
        return with_db(self, [](sql::Connection& c) {
          return model::cluster_snapshot{read_nodes(c), read_shards(c)};
        });
      },
      [=](model::take_shard_atom, std::uint32_t shard, std::int64_t expected) {
        auto& st = self->state;
        return with_db(self, [&](sql::Connection& c) {
          return take_shard(c, shard, expected, st.node, st.incarnation).value_or(0);
        });
      },
      [=](model::release_shard_atom, std::uint32_t shard, std::int64_t epoch) {
        auto& st = self->state;
        return with_db(self, [&](sql::Connection& c) {
          return release_shard(c, shard, st.node, st.incarnation, epoch);
        });
      },
      [=](model::fence_node_atom, const std::string& node) {
        return with_db(self, [&](sql::Connection& c) { return fence_node(c, node); });
      },
      [=](model::mark_leaving_atom) {
        auto& st = self->state;
        return with_db(
            self, [&](sql::Connection& c) { return mark_leaving(c, st.node, st.incarnation); });
      },
  };
}

}  // namespace

caf::actor spawn_membership_keeper(caf::actor_system& sys, db_params params, std::string node_id,
                                   std::int64_t incarnation, std::int64_t lease_ms) {
  return sys.spawn<caf::detached>(membership_keeper, std::move(params), std::move(node_id),
                                  incarnation, lease_ms);
}

}  // namespace shop::persistence::cluster
