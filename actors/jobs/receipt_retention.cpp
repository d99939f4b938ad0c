#include "actors/jobs/receipt_retention.hpp"

#include <spdlog/spdlog.h>

#include <caf/all.hpp>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "actors/cluster/routing_table.hpp"
#include "actors/entities/idempotency_ledger.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/messages.hpp"
#include "model/reader_protocol.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using retention_tick_atom = caf::atom_constant<caf::atom("retaintick")>;

constexpr std::int64_t purge_batch = 1000;  // records per journal unit
// Records are written once, as version 1; a tombstone above any version deletes whatever version
// a row has, so a batch never comes back with the same ids and a run cannot spin.
constexpr std::int64_t receipt_tombstone_version = std::numeric_limits<std::int64_t>::max();

struct retention_state {
  cluster::routing routes;  // runs_shop_wide_jobs: one node purges
  bool running = false;
  std::vector<caf::response_promise> asked;  // waiting for the next run
  static inline const char* name = "receipt_retention";
};

using retention_actor = caf::stateful_actor<retention_state>;
using done_fn = std::function<void(std::int64_t)>;

// Deletes the records created before `cutoff_ms`, one batch after another, then done(total).
void purge_from(retention_actor* self, const entity_context& ctx, std::int64_t cutoff_ms,
                std::int64_t total, done_fn done) {
  self->request(ctx.readers, ctx.load_timeout, model::expired_receipts_atom::value, cutoff_ms,
                purge_batch)
      .then(
          [=](std::vector<std::int64_t>& ids) {
            if (ids.empty()) return done(total);
            if (!ctx.journal.gate->try_admit()) {
              spdlog::warn("idempotency retention: journal not admitting; next run retries");
              return done(total);
            }
            model::journal_unit unit;
            unit.rows.reserve(ids.size());
            for (auto id : ids)
              unit.rows.push_back(persistence::erase_image(model::table_id::idempotency_keys, id,
                                                           receipt_tombstone_version));
            auto n = static_cast<std::int64_t>(ids.size());
            self->request(ctx.journal.writer, caf::infinite, model::commit_atom::value,
                          std::move(unit))
                .then(
                    [=](caf::ok_atom) {
                      if (n < purge_batch) return done(total + n);
                      purge_from(self, ctx, cutoff_ms, total + n, done);
                    },
                    [=](caf::error& e) {
                      spdlog::warn("idempotency retention: delete failed: {}", to_string(e));
                      done(total);
                    });
          },
          [=](caf::error& e) {
            spdlog::warn("idempotency retention: could not read expired records: {}", to_string(e));
            done(total);
          });
}

// One run for everyone who asked before it started; asks that arrive meanwhile get the next run.
void start_run(retention_actor* self, const entity_context& ctx) {
  self->state.running = true;
  auto waiting =
      std::make_shared<std::vector<caf::response_promise>>(std::exchange(self->state.asked, {}));
  purge_from(self, ctx, wall_clock_ms() - idempotency_window_ms, 0,
             [self, ctx, waiting](std::int64_t n) {
               if (n > 0) spdlog::info("idempotency retention deleted {} records", n);
               for (auto& rp : *waiting) rp.deliver(n);
               self->state.running = false;
               if (!self->state.asked.empty()) start_run(self, ctx);
             });
}

caf::behavior receipt_retention(retention_actor* self, entity_context ctx,
                                std::chrono::milliseconds interval) {
  self->delayed_send(self, interval, retention_tick_atom::value);
  return {
      [=](routing_atom, cluster::routing& r) { self->state.routes = std::move(r); },
      [=](retention_tick_atom) {
        if (!self->state.running && cluster::runs_shop_wide_jobs(self->state.routes))
          start_run(self, ctx);
        self->delayed_send(self, interval, retention_tick_atom::value);
      },
      [=](purge_atom) -> caf::result<std::int64_t> {
        auto rp = self->make_response_promise();
        self->state.asked.push_back(rp);
        if (!self->state.running) start_run(self, ctx);
        return rp;
      },
  };
}

}  // namespace

caf::actor spawn_receipt_retention(caf::actor_system& sys, const entity_context& ctx,
                                   std::chrono::milliseconds interval) {
  return sys.spawn(receipt_retention, ctx, interval);
}

}  // namespace shop
