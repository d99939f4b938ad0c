#include "service/popularity.hpp"

namespace shop::service {

// No timers: the batch always answers (its reads and the journal have their own).

void top_products(const shop_service& s, callback<model::popularity_snapshot> done) {
  s.ask<model::popularity_snapshot>(s.runtime().popularity, caf::infinite,
                                    caf::make_message(popular_top_atom::value), std::move(done));
}

void run_popularity_snapshot(const shop_service& s, std::int64_t as_of_ms,
                             callback<model::popularity_snapshot> done) {
  s.ask<model::popularity_snapshot>(s.runtime().popularity, caf::infinite,
                                    caf::make_message(popularity_run_atom::value, as_of_ms),
                                    std::move(done));
}

}  // namespace shop::service
