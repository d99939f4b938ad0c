// Reads for operators (GET /metrics, GET /admin/actors): the outbox backlog and the committed
// version of rows whose actors are live.
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <vector>

#include "model/outbox_backlog.hpp"
#include "model/row_image.hpp"

namespace shop::persistence {

// Persistence stores and loads the values of model/.
using namespace model;

outbox_backlog read_outbox_backlog(sql::Connection& con);

// The committed `version` of each of `ids` in table `t`, in the order of `ids`; -1 for no row.
std::vector<std::int64_t> committed_versions(sql::Connection& con, table_id t,
                                             const std::vector<std::int64_t>& ids);

}  // namespace shop::persistence
