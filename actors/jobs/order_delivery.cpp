#include "actors/jobs/order_delivery.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <caf/all.hpp>
#include <deque>
#include <map>
#include <unordered_map>

#include "actors/cluster/routing_table.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/messages.hpp"
#include "metrics/metrics.hpp"
#include "model/reader_protocol.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using model::order_record;
using model::table_id;

using scan_outbox_atom = caf::atom_constant<caf::atom("dlvscan")>;
using attempt_atom = caf::atom_constant<caf::atom("dlvattempt")>;
using send_order_atom = caf::atom_constant<caf::atom("dlvsend")>;

constexpr std::int64_t scan_limit = 100;
// Orders kept in memory at most; beyond, a paid order waits in the outbox table for a later scan,
// so a long outage of the platform cannot grow the actor without bound.
constexpr std::size_t max_tracked = 10000;
constexpr std::size_t max_error_chars = 1000;
constexpr std::chrono::seconds scan_timeout{30};
constexpr std::int64_t outbox_tombstone_version = 2;  // the payment writes the row as version 1

struct tracked_order {
  order_record order;
  std::int64_t failures = 0;
  bool delivered = false;   // the receiver has it; only the outbox row's deletion is missing
  bool erasing = false;     // the deletion is in the journal
  bool sending = false;     // at a courier, or waiting for one
  std::uint64_t timer = 0;  // the one scheduled attempt that counts; older ones are ignored
};

struct delivery_setup {
  persistence::journal journal;
  persistence::reader_pool readers;
  caf::actor ids;
  delivery_transport transport;
  delivery_options opts;
};

struct delivery_state {
  delivery_setup setup;
  std::vector<caf::actor> idle_couriers;
  std::deque<std::int64_t> waiting;  // orders due for an attempt while every courier is busy
  std::map<std::int64_t, tracked_order> orders;
  // Orders whose outbox row was deleted, with the number of the first scan sent after that: a scan
  // sent earlier may still list them, and must not deliver them again.
  std::unordered_map<std::int64_t, std::uint64_t> gone;
  std::uint64_t scans_sent = 0;
  // Scans walk the outbox by id from here, so orders that keep failing at its start cannot hide
  // the rows behind them; a short page starts the walk over.
  std::int64_t scan_after = 0;
  cluster::routing routes;  // a scan takes the orders of this node's shards only
  static inline const char* name = "order_delivery";
};

using delivery_actor = caf::stateful_actor<delivery_state>;

// retry_base * 2^(failures-1), capped at retry_max.
std::chrono::milliseconds backoff(const delivery_options& o, std::int64_t failures) {
  auto delay = o.retry_base;
  for (std::int64_t i = 1; i < failures && delay < o.retry_max; ++i) delay *= 2;
  return std::min(delay, o.retry_max);
}

void schedule(delivery_actor* self, std::int64_t order_id, std::chrono::milliseconds delay) {
  auto it = self->state.orders.find(order_id);
  if (it == self->state.orders.end()) return;
  auto timer = ++it->second.timer;
  if (delay.count() <= 0)
    self->send(self, attempt_atom::value, order_id, timer);
  else
    self->delayed_send(self, delay, attempt_atom::value, order_id, timer);
}

// Starts tracking `order` and tries it at once; false if it is already tracked (or just deleted).
bool adopt(delivery_actor* self, order_record order) {
  auto& st = self->state;
  const auto id = order.row.id;
  if (st.orders.count(id) || st.gone.count(id)) return false;
  if (st.orders.size() >= max_tracked) {
    spdlog::debug("order {}: {} deliveries pending, left in the outbox for a later scan", id,
                  st.orders.size());
    return false;
  }
  st.orders.emplace(id, tracked_order{std::move(order)});
  schedule(self, id, std::chrono::milliseconds(0));
  return true;
}

// Appends the failed attempt to transaction_out_failure_log. Best effort: when the database is
// down too, the warning already logged is all that is left of this attempt.
void log_failure(delivery_actor* self, std::int64_t order_id, std::int64_t attempt,
                 std::string error) {
  const auto& s = self->state.setup;
  if (error.size() > max_error_chars) {  // cut at a character boundary: the column is utf8mb4
    auto cut = max_error_chars;
    while (cut > 0 && (static_cast<unsigned char>(error[cut]) & 0xC0) == 0x80) --cut;
    error.resize(cut);
  }
  const auto table = static_cast<std::uint8_t>(table_id::delivery_failures);
  self->request(s.ids, caf::infinite, next_id_atom::value, table, std::int64_t{1})
      .then(
          [self, order_id, attempt, error](std::int64_t id) {
            const auto& s = self->state.setup;
            if (!s.journal.gate->try_admit()) {
              spdlog::warn("order {}: failure of attempt {} not logged: journal not admitting",
                           order_id, attempt);
              return;
            }
            model::delivery_failure_row row{id, order_id, attempt, error, wall_clock_ms(), 1};
            model::journal_unit unit{{persistence::to_image(row)}};
            self->request(s.journal.writer, caf::infinite, model::commit_atom::value,
                          std::move(unit))
                .then([](caf::ok_atom) {},
                      [order_id, attempt](caf::error& e) {
                        spdlog::warn("order {}: failure of attempt {} not logged: {}", order_id,
                                     attempt, to_string(e));
                      });
          },
          [order_id](caf::error& e) {
            spdlog::warn("order {}: no id for the failure log: {}", order_id, to_string(e));
          });
}

// Deletes the outbox row of a delivered order. Until that commits the order stays tracked, so a
// refusal or failure only retries the deletion (the platform already has the order).
void forget_delivered(delivery_actor* self, std::int64_t order_id) {
  const auto& s = self->state.setup;
  auto& t = self->state.orders.at(order_id);
  if (!s.journal.gate->try_admit()) {
    schedule(self, order_id, s.opts.retry_base);
    return;
  }
  t.erasing = true;
  model::journal_unit unit{
      {persistence::erase_image(table_id::order_outbox, order_id, outbox_tombstone_version)}};
  self->request(s.journal.writer, caf::infinite, model::commit_atom::value, std::move(unit))
      .then(
          [self, order_id](caf::ok_atom) {
            self->state.orders.erase(order_id);
            self->state.gone[order_id] = self->state.scans_sent + 1;
          },
          [self, order_id](caf::error& e) {
            spdlog::warn("order {}: delivered, but its outbox row was not deleted: {}", order_id,
                         to_string(e));
            auto it = self->state.orders.find(order_id);
            if (it == self->state.orders.end()) return;
            it->second.erasing = false;
            schedule(self, order_id, self->state.setup.opts.retry_base);
          });
}

// What became of one attempt: delivered (then the outbox row goes), or a failure that is logged
// and retried with backoff.
void attempted(delivery_actor* self, std::int64_t order_id, bool delivered, std::string error) {
  auto it = self->state.orders.find(order_id);
  if (it == self->state.orders.end()) return;
  auto& t = it->second;
  t.sending = false;
  if (delivered) {
    spdlog::debug("order {}: delivered to the data platform", order_id);
    t.delivered = true;
    return forget_delivered(self, order_id);
  }
  const auto& opts = self->state.setup.opts;
  const auto n = ++t.failures;
  metrics::global().delivery_failures.inc();
  const auto delay = backoff(opts, n);
  spdlog::warn("order {}: delivery attempt {} failed: {}; next attempt in {} ms", order_id, n,
               error, delay.count());
  log_failure(self, order_id, n, std::move(error));
  schedule(self, order_id, delay);
  // Operators see the earliest retry due: this one, unless one already waiting is due sooner.
  auto& next = metrics::global().delivery_next_retry_ms;
  const auto now = wall_clock_ms();
  const auto due = now + delay.count();
  if (next.value() <= now || due < next.value()) next.set(due);
}

// Hands the order to an idle courier; the courier comes back with the outcome and takes the next
// waiting order, if any.
void send_to_courier(delivery_actor* self, std::int64_t order_id) {
  auto& st = self->state;
  auto courier = st.idle_couriers.back();
  st.idle_couriers.pop_back();
  self->request(courier, caf::infinite, send_order_atom::value, st.orders.at(order_id).order)
      .then(
          [self, courier, order_id](bool delivered, std::string& error) {
            auto& st = self->state;
            st.idle_couriers.push_back(courier);
            attempted(self, order_id, delivered, std::move(error));
            while (!st.idle_couriers.empty() && !st.waiting.empty()) {
              auto next = st.waiting.front();
              st.waiting.pop_front();
              if (st.orders.count(next)) send_to_courier(self, next);
            }
          },
          [self, order_id](caf::error& e) {  // the courier is gone (shutdown): not delivered
            attempted(self, order_id, false, "courier failed: " + to_string(e));
          });
}

void attempt(delivery_actor* self, std::int64_t order_id) {
  auto& st = self->state;
  auto& t = st.orders.at(order_id);
  if (t.delivered) return forget_delivered(self, order_id);
  t.sending = true;
  if (st.idle_couriers.empty())
    st.waiting.push_back(order_id);
  else
    send_to_courier(self, order_id);
}

// A courier sends one order at a time through the transport, which blocks for up to its timeout:
// so a courier runs detached, and several of them let a slow platform take several at once.
caf::behavior courier(caf::event_based_actor*, delivery_transport transport) {
  return {
      [transport](send_order_atom, const order_record& order) {
        std::optional<std::string> error;
        try {
          error = transport(order);
        } catch (const std::exception& e) {
          error = std::string("transport threw: ") + e.what();
        } catch (...) {
          error = std::string("transport threw");
        }
        return caf::make_message(!error, error.value_or(std::string{}));
      },
  };
}

void scan_outbox(delivery_actor* self) {
  const auto& s = self->state.setup;
  const auto scan = ++self->state.scans_sent;
  self->request(s.readers, scan_timeout, model::undelivered_atom::value, self->state.scan_after,
                scan_limit)
      .then(
          [self, scan](std::vector<order_record>& found) {
            auto& st = self->state;
            st.scan_after = std::int64_t(found.size()) < scan_limit ? 0 : found.back().row.id;
            auto& gone = st.gone;
            for (auto it = gone.begin(); it != gone.end();)  // this scan no longer sees them
              it = it->second <= scan ? gone.erase(it) : std::next(it);
            for (auto& o : found)
              if (cluster::owns(st.routes, key_of(entity_kind::order, o.row.id)))
                adopt(self, std::move(o));
          },
          [](caf::error& e) {
            spdlog::warn("reading the order outbox failed: {}; next scan as scheduled",
                         to_string(e));
          });
  self->delayed_send(self, s.opts.scan_interval, scan_outbox_atom::value);
}

caf::behavior order_delivery(delivery_actor* self, delivery_setup setup) {
  self->state.setup = std::move(setup);
  const auto& s = self->state.setup;
  for (std::size_t i = 0; i < std::max<std::size_t>(1, s.opts.couriers); ++i) {
    auto c = self->system().spawn<caf::detached>(courier, s.transport);
    self->link_to(c);  // the couriers go when delivery goes
    self->state.idle_couriers.push_back(c);
  }
  self->send(self, scan_outbox_atom::value);
  return {
      [self](deliver_atom, order_record& order) { adopt(self, std::move(order)); },
      [self](scan_outbox_atom) { scan_outbox(self); },
      [self](routing_atom, cluster::routing& r) { self->state.routes = std::move(r); },
      [self](attempt_atom, std::int64_t order_id, std::uint64_t timer) {
        auto it = self->state.orders.find(order_id);
        if (it == self->state.orders.end() || it->second.timer != timer || it->second.erasing ||
            it->second.sending)
          return;
        attempt(self, order_id);
      },
  };
}

}  // namespace

caf::actor spawn_order_delivery(caf::actor_system& sys, persistence::journal journal,
                                persistence::reader_pool readers, caf::actor ids,
                                delivery_transport transport, delivery_options opts) {
  // The transport blocks; only the couriers call it, each on a thread of its own.
  return sys.spawn(order_delivery, delivery_setup{std::move(journal), std::move(readers),
                                                  std::move(ids), std::move(transport), opts});
}

}  // namespace shop
