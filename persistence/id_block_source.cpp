#include "persistence/id_block_source.hpp"

#include <spdlog/spdlog.h>

#include <caf/all.hpp>
#include <memory>

#include "persistence/database.hpp"
#include "persistence/id_blocks.hpp"

namespace shop::persistence {
namespace {

using model::reserve_block_atom;
using model::storage_error;

struct source_state {
  std::unique_ptr<db_thread_scope> thread_scope;
  db_params params;
  std::vector<std::int64_t> floors;
  std::unique_ptr<sql::Connection> con;
  static inline const char* name = "id_block_source";
};

caf::behavior id_block_source(caf::stateful_actor<source_state>* self, db_params params,
                              std::vector<std::int64_t> floors) {
  self->state.thread_scope = std::make_unique<db_thread_scope>();
  self->state.params = std::move(params);
  self->state.floors = std::move(floors);
  return {
      [=](reserve_block_atom, std::uint8_t table, std::int64_t size) -> caf::result<std::int64_t> {
        auto& st = self->state;
        if (table >= st.floors.size() || size < 1) return make_error(storage_error::rejected);
        // One reconnect on a lost session: a reservation that failed reserved nothing.
        for (int attempt = 0; attempt < 2; ++attempt) {
          try {
            if (!st.con) st.con = connect(st.params);
            return reserve_id_block(*st.con, table, size, st.floors[table]);
          } catch (const sql::SQLException& e) {
            st.con.reset();
            if (!is_connection_error(e)) {
              spdlog::error("id blocks: reserving {} ids of table {} failed: {}", size, table,
                            e.what());
              return make_error(storage_error::rejected);
            }
          }
        }
        return make_error(storage_error::unavailable);
      },
  };
}

}  // namespace

caf::actor spawn_id_block_source(caf::actor_system& sys, const db_params& params,
                                 std::vector<std::int64_t> floors) {
  return sys.spawn<caf::detached>(id_block_source, params, std::move(floors));
}

}  // namespace shop::persistence
