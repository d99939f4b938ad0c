#include "persistence/store_reader.hpp"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <spdlog/spdlog.h>

#include <caf/actor_pool.hpp>
#include <caf/all.hpp>

#include "metrics/metrics.hpp"
#include "persistence/catalog_queries.hpp"
#include "persistence/database.hpp"
#include "persistence/operator_queries.hpp"
#include "persistence/order_queries.hpp"
#include "persistence/popularity_queries.hpp"
#include "persistence/receipt_queries.hpp"
#include "persistence/user_queries.hpp"

namespace shop::persistence {
namespace {

struct reader_state {
  std::unique_ptr<db_thread_scope> thread_scope;
  db_params params;
  std::unique_ptr<sql::Connection> con;
  static inline const char* name = "store_reader";
};

using reader_actor = reader_pool::stateful_pointer<reader_state>;

// Runs a query; one reconnect on a lost session, then storage_error::unavailable.
template <class F>
auto with_connection(reader_actor self, F query)
    -> caf::result<decltype(query(std::declval<sql::Connection&>()))> {
  auto& st = self->state;
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!st.con) st.con = connect(st.params);
      return query(*st.con);
    } catch (const sql::SQLException& e) {
      st.con.reset();
      if (!is_connection_error(e)) {
        spdlog::error("reader: query failed: {}", e.what());
        metrics::global().reader_db_rejected.inc();
        return make_error(storage_error::rejected);
      }
      if (attempt == 0) metrics::global().reader_retries.inc();
    }
  }
  metrics::global().reader_db_unavailable.inc();
  return make_error(storage_error::unavailable);
}

reader_pool::behavior_type store_reader(reader_actor self, db_params params) {
  self->state.thread_scope = std::make_unique<db_thread_scope>();
  self->state.params = std::move(params);
  return {
      [=](load_product_atom, std::int64_t id) {
        return with_connection(self, [&](sql::Connection& c) { return load_product(c, id); });
      },
      [=](load_option_atom, std::int64_t id) {
        return with_connection(self, [&](sql::Connection& c) { return load_option(c, id); });
      },
      [=](load_user_atom, std::int64_t id, std::int64_t receipts_since_ms) {
        return with_connection(
            self, [&](sql::Connection& c) { return load_user(c, id, receipts_since_ms); });
      },
      [=](load_coupon_atom, std::int64_t id) {
        return with_connection(self, [&](sql::Connection& c) { return load_coupon(c, id); });
      },
      [=](load_order_atom, std::int64_t id) {
        return with_connection(self, [&](sql::Connection& c) { return load_order(c, id); });
      },
      [=](list_orders_atom, const order_query& q) {
        return with_connection(self, [&](sql::Connection& c) { return list_user_orders(c, q); });
      },
      [=](overdue_orders_atom, std::int64_t now_ms, std::int64_t limit) {
        return with_connection(
            self, [&](sql::Connection& c) { return overdue_orders(c, now_ms, limit); });
      },
      [=](undelivered_atom, std::int64_t after_id, std::int64_t limit) {
        return with_connection(
            self, [&](sql::Connection& c) { return undelivered_orders(c, after_id, limit); });
      },
      [=](list_products_atom, const product_query& q) {
        return with_connection(self, [&](sql::Connection& c) { return list_products(c, q); });
      },
      [=](product_sales_atom, std::int64_t from_ms, std::int64_t to_ms) {
        return with_connection(
            self, [&](sql::Connection& c) { return product_sales_between(c, from_ms, to_ms); });
      },
      [=](load_popularity_atom) {
        return with_connection(self,
                               [&](sql::Connection& c) { return newest_popularity_snapshot(c); });
      },
      [=](outbox_backlog_atom) {
        return with_connection(self, [&](sql::Connection& c) { return read_outbox_backlog(c); });
      },
      [=](row_versions_atom, table_id table, const std::vector<std::int64_t>& ids) {
        return with_connection(
            self, [&](sql::Connection& c) { return committed_versions(c, table, ids); });
      },
      [=](expired_receipts_atom, std::int64_t before_ms, std::int64_t limit) {
        return with_connection(
            self, [&](sql::Connection& c) { return expired_receipts(c, before_ms, limit); });
      },
      [=](load_receipt_atom, std::int64_t user_id, const std::string& key, std::int64_t since_ms) {
        return with_connection(
            self, [&](sql::Connection& c) { return load_receipt(c, user_id, key, since_ms); });
      },
      [=](ping_atom) {
        return with_connection(self, [&](sql::Connection& c) {
          std::unique_ptr<sql::Statement> s(c.createStatement());
          std::unique_ptr<sql::ResultSet> rs(s->executeQuery("SELECT 1"));
          while (rs->next()) {
          }
          return caf::ok_atom::value;
        });
      },
  };
}

}  // namespace

reader_pool spawn_store_readers(caf::actor_system& sys, const db_params& params, unsigned count) {
  auto factory = [&sys, params] {
    return caf::actor_cast<caf::actor>(sys.spawn<caf::detached>(store_reader, params));
  };
  // The pool forwards each message to one reader unchanged, so it answers what a reader does.
  return caf::actor_cast<reader_pool>(caf::actor_pool::make(
      sys.dummy_execution_unit(), count, factory, caf::actor_pool::round_robin()));
}

}  // namespace shop::persistence
