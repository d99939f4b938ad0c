// Reads for operators (GET /metrics, GET /admin/actors): the outbox backlog and the committed
// version of rows whose actors are live.
#pragma once

#include <cppconn/connection.h>

#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <vector>

#include "persistence/row_image.hpp"

namespace shop::persistence {

struct outbox_backlog {
  std::int64_t pending = 0;               // paid orders not yet delivered (order_outbox rows)
  std::int64_t oldest_created_at_ms = 0;  // 0: none pending
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, outbox_backlog& x) {
  return f(caf::meta::type_name("outbox_backlog"), x.pending, x.oldest_created_at_ms);
}

outbox_backlog read_outbox_backlog(sql::Connection& con);

// The committed `version` of each of `ids` in table `t`, in the order of `ids`; -1 for no row.
std::vector<std::int64_t> committed_versions(sql::Connection& con, table_id t,
                                             const std::vector<std::int64_t>& ids);

}  // namespace shop::persistence
