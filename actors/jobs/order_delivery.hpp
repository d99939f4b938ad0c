// Delivery of paid orders to the external data platform (API.md, "External data platform"). A
// payment's journal unit writes an order_outbox row; after the commit the payment tells this actor,
// which hands the order to the transport, outside the payment's critical path. A failed attempt
// appends a transaction_out_failure_log row and is retried with backoff until it succeeds; a
// delivered order's outbox row is deleted. Rows left in the outbox (a restart) are picked up by a
// periodic scan, so delivery survives a crash. The receiver dedups by `Idempotency-Key:
// order-<id>`: an order may arrive twice, never zero times.
#pragma once

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "model/rows.hpp"
#include "persistence/journal_writer.hpp"
#include "persistence/store_reader.hpp"

namespace shop {

// Sends one paid order; nullopt when the receiver accepted it, otherwise what went wrong. Blocks,
// and is called from several threads at once (one per courier, each with its own copy). Set up by
// the app from http/data_platform_client.hpp.
using delivery_transport = std::function<std::optional<std::string>(const model::order_record&)>;

struct delivery_options {
  std::chrono::milliseconds retry_base{1000};  // first retry; doubles per failure
  std::chrono::milliseconds retry_max{60000};
  std::chrono::milliseconds scan_interval{5000};  // how often the outbox table is read
  std::size_t couriers = 4;  // attempts at once: a slow platform still takes this many together
};

// Messages:
//   (deliver_atom, order_record) one-way: this order's outbox row has committed
caf::actor spawn_order_delivery(caf::actor_system& sys, persistence::journal journal,
                                persistence::reader_pool readers, caf::actor ids,
                                delivery_transport transport, delivery_options opts);

}  // namespace shop
