// One actor per product option: it owns the option's `stock` and `reservedStock` and serializes
// every change to them. Every change is also reported to the option's product actor
// (option_changed_atom).
#pragma once

#include <caf/fwd.hpp>

#include "actors/hosting/entity_context.hpp"
#include "actors/hosting/entity_interface.hpp"

namespace shop {

// What an order does to an option's stock. reserve, release and sell leave the option waiting for
// the order's `settled` (its unit committed or failed), so the option does not passivate and
// reload its figures while the unit that carries them is still on its way. The undo moves
// compensate a move whose unit failed.
enum class stock_move : std::uint8_t { reserve, release, sell, undo_reserve, undo_sell };

// Reached through the entity registry (kind entity_kind::option), or directly by an order that
// moved its stock. An unknown id answers OPTION_NOT_FOUND.
using option_actor = lifecycle_interface::extend<
    // The row as products and carts see it: units being released are not orderable yet.
    caf::replies_to<view_atom>::with<model::option_row>,
    // The same with the activation it comes from, for its product's first look (a later report
    // from an older activation must not win over it).
    caf::replies_to<option_changed_atom>::with<model::option_row, option_incarnation>,
    // A restock (negative: a correction), after commit | INSUFFICIENT_STOCK.
    caf::replies_to<adjust_stock_atom, std::int64_t>::with<model::option_row>,
    // An order's move of `qty` units: the row image its unit carries and the option's claim for
    // that unit | INSUFFICIENT_STOCK (a reserve), STOCK_OUT_OF_STEP (a release or sale of more
    // than is held: the option reloads after the order's `settled`), UNAVAILABLE (a reserve or
    // an undo while it reloads).
    caf::replies_to<stock_move_atom, stock_move, std::int64_t>::with<stock_moved>,
    // The unit that carried an order's move ended: the `released` units of a release become
    // orderable if `committed`, else are held again (0 released: a reserve, a sale, a refused
    // move; `committed` then tells nothing). One message for all, so a live option's behavior
    // has one handler fewer (docs/benchmarks.md, "Live entity actors").
    caf::reacts_to<settled_atom, std::int64_t, bool>,
    // The unit that carried `order`'s move may or may not have committed (the node committing it,
    // or carrying the answer, stopped answering): the option reloads its figures from the
    // database. It names the order because it may come through the registry, whose shard is then
    // its sender.
    caf::reacts_to<settled_atom, doubt_atom, caf::actor_addr>,
    // The node `peer` lost its connection to this one, maybe unseen here (its hello): the
    // `settled` of its orders' moves may be lost, so the option forgets those moves as if the
    // orders went down (it fences that node, then reloads).
    caf::reacts_to<peer_lost_atom, caf::node_id>,
    // Adopts the row its product just committed (a new option); no reply.
    caf::reacts_to<create_atom, model::option_row>>;

template <>
struct entity_kind_of<option_actor> {
  static constexpr entity_kind value = entity_kind::option;
};

caf::actor spawn_product_option(caf::local_actor* parent, std::int64_t id,
                                const shared_context& ctx, model::shard_claim claim, bool fresh);

}  // namespace shop
