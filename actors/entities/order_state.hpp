// The state of an order's actor, shared by its parts: order_actor.cpp (activation, views, expiry),
// order_placement.cpp (creation) and order_settlement.cpp (payment, cancel, expiry's release).
#pragma once

#include <caf/all.hpp>
#include <memory>
#include <vector>

#include "actors/entities/order_actor.hpp"
#include "actors/entities/product_option_actor.hpp"
#include "actors/hosting/entity_context.hpp"
#include "actors/hosting/entity_lifecycle.hpp"
#include "model/rows.hpp"

namespace shop {

constexpr std::chrono::milliseconds settled_order_ttl{30000};
// How soon an order whose expiry the journal refused tries again.
constexpr std::chrono::milliseconds expiry_retry{1000};

struct order_state {
  entity_life life;
  shared_context ctx;
  model::order_record rec;
  static inline const char* name = "order";
};

using order_self = order_actor::stateful_pointer<order_state>;

order_actor::behavior_type order_running(order_self self);
order_actor::behavior_type order_absent(order_self self, caf::error err);

// Creation (order_placement.cpp): answers the current request.
caf::result<model::order_record> place(order_self self, const order_draft& d);

// Settlement (order_settlement.cpp): each answers the current request.
caf::result<payment_receipt> pay(order_self self, std::int64_t user, std::int64_t user_coupon_id,
                                 const receipt_ticket& ticket);
caf::result<model::order_row> cancel(order_self self, std::int64_t user,
                                     const receipt_ticket& ticket);
caf::result<bool> expire(order_self self);

// Releases the holds of a PENDING order whose hold ended and marks it EXPIRED; `done(expired)`.
void expire_now(order_self self, std::function<void(bool)> done);

// Keeps a PENDING order live until its hold ends and sets the alarm that expires it; lets a
// settled one passivate after settled_order_ttl idle.
void watch_hold(order_self self);

// A line whose option applied a move, and that option's actor. The order talks to it directly
// from then on: a message through the registry would wait while the option passivates, and the
// option does not passivate before it hears `settled` (a deadlock).
struct moved_line {
  order_line line;
  option_actor option;
};

// What one stock move did at every line's option.
struct stock_moves {
  std::vector<model::option_row> images;   // the options' rows after the move
  std::vector<model::shard_claim> claims;  // the options' claims, for the unit carrying `images`
  std::vector<moved_line> moved;
  caf::error error;  // the first refusal, if any
  // Options that refused a release or a sale because their figures are wrong
  // (STOCK_OUT_OF_STEP): each waits for `settled` and reloads after the order's unit.
  std::vector<option_actor> refused;
  // The first failure of a line whose option did not take part (its shard moving or without an
  // owner, its node gone): that option may be loading its figures from the rows the unit would
  // change, so no unit may change them without its claim.
  caf::error unreached;
};

// Sends `move` for every line to its option and calls `done` once all answered. Awaited: the
// order handles nothing else meanwhile.
void move_stock(order_self self, const std::vector<order_line>& lines, stock_move move,
                std::function<void(stock_moves)> done);

// Ends the moves at their options: `undo` first when the unit did not commit.
void settle_stock(order_self self, const std::vector<moved_line>& moved,
                  caf::optional<stock_move> undo);

// Ends a release at its options: the freed units become orderable once `committed`, or are held
// again. The options that refused it hear `settled` too.
void end_release(order_self self, const stock_moves& freed, bool committed);

// Ends the moves at their options when the unit that carried them may or may not have committed:
// each option reloads its figures from the database.
void settle_in_doubt(order_self self, const std::vector<moved_line>& moved);

// Ends a refused release or sale at the options that refused it.
void settle_refused(order_self self, const stock_moves& m);

std::vector<order_line> lines_of(const model::order_record& r);

}  // namespace shop
