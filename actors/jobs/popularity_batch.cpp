#include "actors/jobs/popularity_batch.hpp"

#include <spdlog/spdlog.h>

#include <caf/all.hpp>
#include <deque>

#include "actors/cluster/routing_table.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/hosting/entity_lifecycle.hpp"
#include "actors/rules/popularity.hpp"
#include "metrics/metrics.hpp"
#include "model/reader_protocol.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using model::popularity_snapshot;
using model::product_sales;
using model::table_id;

using batch_retry_atom = caf::atom_constant<caf::atom("popretry")>;
using batch_load_atom = caf::atom_constant<caf::atom("popload")>;

constexpr auto sync_timeout = std::chrono::seconds(60);
constexpr auto read_timeout = std::chrono::seconds(60);
constexpr auto load_retry = std::chrono::seconds(2);
constexpr std::int64_t retry_after_ms = 60000;

struct batch_job {
  std::int64_t as_of_ms = 0;
  caf::response_promise rp;  // pending only for POST /admin/jobs/popularity-snapshot
  bool scheduled = false;
};

struct batch_state {
  entity_context ctx;
  int minute_of_day = 0;
  popularity_snapshot newest;  // header.id == 0: none
  bool loaded = false;
  std::deque<batch_job> jobs;
  bool running = false;
  cluster::routing routes;  // runs_shop_wide_jobs: one node takes the daily snapshot
  static inline const char* name = "popularity_batch";
};

using batch_actor = caf::stateful_actor<batch_state>;

void start_next(batch_actor* self);

void adopt(batch_actor* self, popularity_snapshot snap) {
  auto& st = self->state;
  if (snap.header.id < st.newest.header.id) return;  // a load that raced a newer run
  st.newest = std::move(snap);
  st.loaded = true;
  metrics::global().popularity_as_of_ms.set(st.newest.header.as_of_ms);
  metrics::global().popularity_written_at_ms.set(st.newest.header.created_at_ms);
}

void finish(batch_actor* self, caf::error err, popularity_snapshot written = {}) {
  auto& st = self->state;
  auto job = std::move(st.jobs.front());
  st.jobs.pop_front();
  st.running = false;
  if (err) {
    metrics::global().popularity_runs_failed.inc();
    spdlog::warn("popularity batch as of {} ms failed: {}", job.as_of_ms, to_string(err));
    // A scheduled run is tried again until the next day's run would take over.
    if (job.scheduled && wall_clock_ms() + retry_after_ms < job.as_of_ms + rules::day_ms)
      self->delayed_send(self, std::chrono::milliseconds(retry_after_ms), batch_retry_atom::value,
                         job.as_of_ms);
    if (job.rp.pending()) job.rp.deliver(to_shop_error(err));
  } else {
    metrics::global().popularity_runs_ok.inc();
    spdlog::info("popularity snapshot {} as of {} ms: {} products", written.header.id,
                 written.header.as_of_ms, written.items.size());
    adopt(self, written);
    if (job.rp.pending()) job.rp.deliver(std::move(written));
  }
  start_next(self);
}

// The ranked products become one unit: the header (even with no products) and one row each.
void commit(batch_actor* self, popularity_snapshot snap) {
  auto& st = self->state;
  if (!st.ctx.journal.gate->try_admit()) return finish(self, make_error(shop_error::unavailable));
  model::journal_unit unit{{persistence::to_image(snap.header)}};
  for (const auto& i : snap.items) unit.rows.push_back(persistence::to_image(i));
  self->request(st.ctx.journal.writer, caf::infinite, model::commit_atom::value, std::move(unit))
      .then([self, snap](caf::ok_atom) { finish(self, {}, snap); },
            [self](caf::error& e) { finish(self, std::move(e)); });
}

popularity_snapshot compose(std::int64_t header_id, std::int64_t first_item_id, std::int64_t as_of,
                            const std::vector<product_sales>& ranked) {
  auto now = wall_clock_ms();
  popularity_snapshot snap;
  snap.header = {header_id, as_of, now, static_cast<std::int64_t>(ranked.size()), 1};
  for (std::size_t i = 0; i < ranked.size(); ++i)
    snap.items.push_back({first_item_id + static_cast<std::int64_t>(i), header_id, as_of, now,
                          static_cast<std::int64_t>(i + 1), ranked[i], 1});
  return snap;
}

void write(batch_actor* self, std::int64_t as_of, std::vector<product_sales> ranked) {
  auto& st = self->state;
  auto id_of = [](table_id t) { return static_cast<std::uint8_t>(t); };
  self->request(st.ctx.ids, caf::infinite, next_id_atom::value,
                id_of(table_id::popularity_snapshots), std::int64_t{1})
      .then(
          [=](std::int64_t header_id) {
            if (ranked.empty()) return commit(self, compose(header_id, 0, as_of, ranked));
            self->request(self->state.ctx.ids, caf::infinite, next_id_atom::value,
                          id_of(table_id::popularity_items),
                          static_cast<std::int64_t>(ranked.size()))
                .then(
                    [=](std::int64_t first) {
                      commit(self, compose(header_id, first, as_of, ranked));
                    },
                    [self](caf::error& e) { finish(self, std::move(e)); });
          },
          [self](caf::error& e) { finish(self, std::move(e)); });
}

// sync: every write handed to the journal before this run has committed, so the query below sees
// every payment acknowledged so far.
void start_next(batch_actor* self) {
  auto& st = self->state;
  if (st.running || st.jobs.empty()) return;
  st.running = true;
  auto as_of = st.jobs.front().as_of_ms;
  self->request(st.ctx.journal.writer, sync_timeout, model::sync_atom::value)
      .then(
          [self, as_of](caf::ok_atom) {
            self->request(self->state.ctx.readers, read_timeout, model::product_sales_atom::value,
                          as_of - rules::popularity_window_ms, as_of)
                .then(
                    [self, as_of](std::vector<product_sales>& sales) {
                      write(self, as_of, rules::rank_popular(std::move(sales)));
                    },
                    [self](caf::error& e) { finish(self, std::move(e)); });
          },
          [self](caf::error& e) { finish(self, std::move(e)); });
}

// Arms the timer for the first batch time after `after_ms`.
void arm(batch_actor* self, std::int64_t after_ms) {
  auto at = rules::next_batch_run(after_ms, self->state.minute_of_day);
  auto delay = std::max<std::int64_t>(0, at - wall_clock_ms());
  self->delayed_send(self, std::chrono::milliseconds(delay), popularity_tick_atom::value, at);
}

// At start the load is awaited: requests wait for the snapshot instead of being refused. A failed
// load is retried in the background; meanwhile GET /api/products/top answers 503.
void load(batch_actor* self, bool awaited) {
  auto handle =
      self->request(self->state.ctx.readers, read_timeout, model::load_popularity_atom::value);
  auto found = [self](caf::optional<popularity_snapshot>& snap) {
    adopt(self, snap ? std::move(*snap) : popularity_snapshot{});
  };
  auto failed = [self](caf::error& e) {
    spdlog::warn("popularity: newest snapshot not read ({}); retrying", to_string(e));
    self->delayed_send(self, load_retry, batch_load_atom::value);
  };
  if (awaited)
    handle.await(found, failed);
  else
    handle.then(found, failed);
}

caf::behavior popularity_batch(batch_actor* self, entity_context ctx, int minute_of_day) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.minute_of_day = minute_of_day;
  load(self, true);
  arm(self, wall_clock_ms());
  return {
      [=](popular_top_atom) -> caf::result<popularity_snapshot> {
        if (!self->state.loaded) return make_error(shop_error::unavailable);
        return self->state.newest;
      },
      [=](popularity_run_atom, std::int64_t as_of) {
        auto rp = self->make_response_promise();
        self->state.jobs.push_back({as_of, rp, false});
        start_next(self);
        return rp;
      },
      [=](routing_atom, cluster::routing& r) { self->state.routes = std::move(r); },
      [=](popularity_tick_atom, std::int64_t at) {
        auto now = wall_clock_ms();
        if (now < at) {  // woke early (the wall clock moved): wait for the rest
          self->delayed_send(self, std::chrono::milliseconds(at - now), popularity_tick_atom::value,
                             at);
          return;
        }
        if (cluster::runs_shop_wide_jobs(self->state.routes)) {
          self->state.jobs.push_back({at, {}, true});
          start_next(self);
        }
        arm(self, at);
      },
      [=](batch_retry_atom, std::int64_t as_of) {
        self->state.jobs.push_back({as_of, {}, true});
        start_next(self);
      },
      [=](batch_load_atom) { load(self, false); },
  };
}

}  // namespace

caf::actor spawn_popularity_batch(caf::actor_system& sys, const entity_context& ctx,
                                  int batch_minute_of_day) {
  return sys.spawn(popularity_batch, ctx, batch_minute_of_day);
}

}  // namespace shop
