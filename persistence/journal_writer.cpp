#include "persistence/journal_writer.hpp"

#include <spdlog/spdlog.h>

#include <caf/all.hpp>
#include <deque>

#include "metrics/metrics.hpp"
#include "model/storage_error.hpp"
#include "persistence/journal_sql.hpp"
#include "persistence/journal_store.hpp"

namespace shop::persistence {
namespace {

using flush_atom = caf::atom_constant<caf::atom("flush")>;
using tick_atom = caf::atom_constant<caf::atom("jtick")>;
using fold_tick_atom = caf::atom_constant<caf::atom("foldtick")>;

constexpr auto health_tick = std::chrono::seconds(1);
constexpr auto first_backoff = std::chrono::milliseconds(50);

struct pending_unit {
  journal_unit unit;
  caf::response_promise promise;
  bool admitted;  // sync markers are not counted against the gate
  std::int64_t arrived_ms = 0;
};

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct writer_state {
  std::unique_ptr<db_thread_scope> thread_scope;
  std::unique_ptr<journal_store> store;
  std::shared_ptr<journal_gate> gate;
  journal_options opts;
  std::deque<pending_unit> pending;
  bool flush_scheduled = false;
  bool waiting_for_db = false;
  std::chrono::milliseconds backoff = first_backoff;
  std::chrono::steady_clock::time_point last_contact;
  journal_stats stats;
  bool unfolded_sales = true;  // sales rows may wait for a fold (at start: from the last run)
  static inline const char* name = "journal_writer";
};

// The public interface plus the writer's messages to itself.
using writer_interface =
    journal_writer_actor::extend<caf::reacts_to<flush_atom>, caf::reacts_to<tick_atom>,
                                 caf::reacts_to<fold_tick_atom>>;

using writer_actor = caf::stateful_actor<writer_state, writer_interface::base>;

void finish(writer_actor* self, pending_unit& p, caf::error err) {
  if (p.admitted) self->state.gate->release(1);
  if (err)
    p.promise.deliver(std::move(err));
  else
    p.promise.deliver(caf::ok_atom::value);
}

// Publishes when the oldest waiting unit arrived; after every change to `pending`.
void note_oldest(writer_state& st) {
  st.gate->oldest_pending_ms.store(st.pending.empty() ? 0 : st.pending.front().arrived_ms,
                                   std::memory_order_relaxed);
}

void schedule_flush(writer_actor* self) {
  auto& st = self->state;
  if (st.flush_scheduled || st.waiting_for_db) return;
  st.flush_scheduled = true;
  if (st.opts.batch_window.count() > 0 && st.pending.size() < st.opts.max_batch)
    self->delayed_send(self, st.opts.batch_window, flush_atom::value);
  else
    self->send(self, flush_atom::value);  // behind everything already queued: that is the batch
}

void database_lost(writer_actor* self, const std::exception& e) {
  auto& st = self->state;
  if (!st.gate->db_down.exchange(true))
    spdlog::error("journal: database unavailable ({}); admitting no new writes", e.what());
  ++st.stats.retries;
  metrics::global().journal_db_unavailable.inc();
  metrics::global().journal_retries.inc();
  st.waiting_for_db = true;
  self->delayed_send(self, st.backoff, flush_atom::value);
  st.backoff = std::min(st.backoff * 2, st.opts.max_backoff);
}

void database_back(writer_actor* self) {
  auto& st = self->state;
  st.last_contact = std::chrono::steady_clock::now();
  st.backoff = first_backoff;
  if (st.gate->db_down.exchange(false)) spdlog::info("journal: database reachable again");
}

// Writes rows and sales as one transaction. Sales rows are keyed by order, so a unit written again
// (a retry after an unknown outcome, or unit by unit) counts once.
void apply(writer_state& st, const std::vector<row_image>& rows, const std::vector<sale>& sales,
           const std::vector<shard_claim>& claims) {
  if (!sales.empty()) st.unfolded_sales = true;
  st.store->apply(rows, sales, claims);
}

// A batch the database refused: commit each unit on its own so one bad row fails only its unit.
// Returns false if the database went away meanwhile (the rest stays queued).
bool isolate(writer_actor* self, std::size_t n) {
  auto& st = self->state;
  for (std::size_t i = 0; i < n; ++i) {
    auto& p = st.pending.front();
    try {
      apply(st, coalesce({&p.unit}), p.unit.sales, p.unit.claims);
      finish(self, p, {});
    } catch (const batch_fenced&) {
      ++st.stats.fenced_units;
      metrics::global().journal_fenced_units.inc();
      finish(self, p, make_error(storage_error::fenced));
    } catch (const row_rejected& e) {
      ++st.stats.rejected_units;
      metrics::global().journal_rejected_units.inc();
      metrics::global().journal_db_rejected.inc();
      spdlog::error("journal: unit of {} rows rejected for good: {}", p.unit.rows.size(), e.what());
      finish(self, p, make_error(storage_error::rejected));
    } catch (const storage_unavailable& e) {
      database_lost(self, e);
      return false;
    }
    st.pending.pop_front();
    note_oldest(st);
  }
  return true;
}

// Folds the orders' sales rows into the options' totals (sales_fold.hpp), between batches and
// not while the database is away. A refusal is logged; the next fold retries.
caf::expected<std::int64_t> fold(writer_actor* self) {
  auto& st = self->state;
  if (st.waiting_for_db || st.gate->db_down) return make_error(storage_error::unavailable);
  if (!st.unfolded_sales) return std::int64_t{0};
  try {
    auto folded = st.store->fold_sales();
    st.unfolded_sales = false;
    database_back(self);
    return folded;
  } catch (const storage_unavailable& e) {
    spdlog::warn("journal: folding sales: database unavailable ({})", e.what());
    return make_error(storage_error::unavailable);
  } catch (const row_rejected& e) {
    spdlog::error("journal: folding sales refused: {}", e.what());
    return make_error(storage_error::rejected);
  }
}

void flush(writer_actor* self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  st.waiting_for_db = false;
  if (st.pending.empty()) return;
  auto n = std::min(st.pending.size(), st.opts.max_batch);
  std::vector<const journal_unit*> units;
  units.reserve(n);
  for (std::size_t i = 0; i < n; ++i) units.push_back(&st.pending[i].unit);
  auto rows = coalesce(units);
  auto started = std::chrono::steady_clock::now();
  try {
    apply(st, rows, coalesce_sales(units), coalesce_claims(units));
  } catch (const storage_unavailable& e) {
    database_lost(self, e);  // in doubt: keep every unit and retry the whole batch (idempotent)
    return;
  } catch (const std::runtime_error& e) {  // row_rejected or batch_fenced: find the units at fault
    spdlog::warn("journal: batch of {} units refused ({}); retrying unit by unit", n, e.what());
    metrics::global().journal_db_rejected.inc();
    if (!isolate(self, n)) return;
    database_back(self);
    if (!st.pending.empty()) schedule_flush(self);
    return;
  }
  database_back(self);
  auto& m = metrics::global();
  m.journal_commit_us.observe(
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::steady_clock::now() - started)
                                     .count()));
  m.journal_batch_units.observe(n);
  m.journal_committed_units.inc(n);
  ++st.stats.batches;
  st.stats.units += n;
  st.stats.rows += rows.size();
  for (std::size_t i = 0; i < n; ++i) {
    finish(self, st.pending.front(), {});
    st.pending.pop_front();
  }
  note_oldest(st);
  if (!st.pending.empty()) schedule_flush(self);
}

writer_interface::behavior_type journal_writer(writer_actor* self, db_params params,
                                               journal_options opts,
                                               std::shared_ptr<journal_gate> gate) {
  auto& st = self->state;
  st.thread_scope = std::make_unique<db_thread_scope>();
  st.store = std::make_unique<journal_store>(std::move(params));
  st.gate = std::move(gate);
  st.opts = opts;
  st.last_contact = std::chrono::steady_clock::now();
  self->delayed_send(self, health_tick, tick_atom::value);
  if (opts.fold_interval.count() > 0)
    self->delayed_send(self, opts.fold_interval, fold_tick_atom::value);
  // Nothing may be dropped on the way out: shutdown sends sync first and waits for its answer.
  return {
      [=](commit_atom, journal_unit& unit) -> caf::result<caf::ok_atom> {
        auto& st = self->state;
        st.pending.push_back({std::move(unit), self->make_response_promise(), true, unix_ms()});
        if (st.pending.size() == 1) note_oldest(st);
        schedule_flush(self);
        return st.pending.back().promise;
      },
      [=](sync_atom) -> caf::result<caf::ok_atom> {
        auto& st = self->state;
        st.pending.push_back({{}, self->make_response_promise(), false, unix_ms()});
        if (st.pending.size() == 1) note_oldest(st);
        schedule_flush(self);
        return st.pending.back().promise;
      },
      [=](flush_atom) { flush(self); },
      [=](fold_sales_atom) { return fold(self); },
      [=](fold_tick_atom) {
        fold(self);
        self->delayed_send(self, self->state.opts.fold_interval, fold_tick_atom::value);
      },
      [=](journal_stats_atom) {
        auto s = self->state.stats;
        s.pending = self->state.pending.size();
        return s;
      },
      [=](tick_atom) {
        // Keeps db_down truthful while no writes arrive, so new writes are refused (or admitted
        // again) promptly.
        auto& st = self->state;
        self->delayed_send(self, health_tick, tick_atom::value);
        if (!st.pending.empty() || st.waiting_for_db) return;
        if (std::chrono::steady_clock::now() - st.last_contact < health_tick) return;
        try {
          st.store->ping();
          database_back(self);
        } catch (const storage_unavailable& e) {
          if (!st.gate->db_down.exchange(true))
            spdlog::error("journal: database unavailable ({}); admitting no new writes", e.what());
        }
      },
  };
}

}  // namespace

journal spawn_journal_writer(caf::actor_system& sys, db_params params, journal_options opts,
                             std::int64_t queue_capacity) {
  auto gate = std::make_shared<journal_gate>(queue_capacity);
  auto writer = sys.spawn<caf::detached>(journal_writer, std::move(params), opts, gate);
  return {writer, gate};
}

}  // namespace shop::persistence
