// US-003: the newest popularity snapshot, and a run of the batch on demand.
#pragma once

#include "model/popularity_rows.hpp"
#include "service/shop_service.hpp"

namespace shop::service {

// The newest snapshot, from memory (header.id 0: none yet)    | SERVICE_UNAVAILABLE before start
void top_products(const shop_service& s, callback<model::popularity_snapshot> done);

// Runs the batch now as of `as_of_ms`; the snapshot it wrote, after commit.
void run_popularity_snapshot(const shop_service& s, std::int64_t as_of_ms,
                             callback<model::popularity_snapshot> done);

}  // namespace shop::service
