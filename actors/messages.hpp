// The messages entity actors exchange: atoms and small value types with CAF `inspect`, so any of
// them can cross to another node once the registry routes a key there.
#pragma once

#include <caf/atom.hpp>
#include <caf/fwd.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/optional.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "actors/rules/order.hpp"
#include "model/row_image.hpp"
#include "model/rows.hpp"

namespace shop {

// CAF 0.17 serializes an enum as its underlying type (an `inspect` of its own would be
// ambiguous with that), so enums travel in messages as they are, without casts.
enum class entity_kind : std::uint8_t { product = 1, option, user, coupon, order };

// "product", "option", ... (entity_inspection.cpp): how CAF prints a kind in a message.
std::string to_string(entity_kind k);

struct entity_key {
  entity_kind kind = entity_kind::product;
  std::int64_t id = 0;
  friend bool operator==(const entity_key& a, const entity_key& b) {
    return a.kind == b.kind && a.id == b.id;
  }
};

inline entity_key key_of(entity_kind k, std::int64_t id) {
  return {k, id};
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, entity_key& x) {
  return f(caf::meta::type_name("entity_key"), x.kind, x.id);
}

struct entity_key_hash {
  std::size_t operator()(const entity_key& k) const {
    return std::hash<std::int64_t>{}(k.id) * 31 + static_cast<std::size_t>(k.kind);
  }
};

// Routing and lifecycle.
using route_atom = caf::atom_constant<caf::atom("route")>;
using idle_atom = caf::atom_constant<caf::atom("idle")>;
using passivate_atom = caf::atom_constant<caf::atom("passivate")>;
// An entity told to passivate while busy stays: the shard takes it back (entity_registry.cpp).
using revive_atom = caf::atom_constant<caf::atom("revive")>;
// An entity's alarm (alarm_book.hpp): set at its shard, which sends `wake` when it is due.
using alarm_atom = caf::atom_constant<caf::atom("alarm")>;
using wake_atom = caf::atom_constant<caf::atom("wake")>;
using configure_atom = caf::atom_constant<caf::atom("configure")>;
using live_atom = caf::atom_constant<caf::atom("live")>;
using route_if_live_atom = caf::atom_constant<caf::atom("routelive")>;
using route_new_atom = caf::atom_constant<caf::atom("routenew")>;

// Catalog.
using view_atom = caf::atom_constant<caf::atom("view")>;
using create_atom = caf::atom_constant<caf::atom("create")>;
using update_atom = caf::atom_constant<caf::atom("update")>;
using adjust_stock_atom = caf::atom_constant<caf::atom("adjstock")>;
using option_changed_atom = caf::atom_constant<caf::atom("optchanged")>;
using next_id_atom = caf::atom_constant<caf::atom("nextid")>;

// Users: wallet and cart (user_actor.hpp).
using charge_atom = caf::atom_constant<caf::atom("charge")>;
using debit_atom = caf::atom_constant<caf::atom("debit")>;
using credit_atom = caf::atom_constant<caf::atom("credit")>;
using cart_add_atom = caf::atom_constant<caf::atom("cartadd")>;
using cart_view_atom = caf::atom_constant<caf::atom("cartview")>;
using cart_remove_atom = caf::atom_constant<caf::atom("cartremove")>;

// Coupons (coupon_campaign_actor.hpp, user_actor.hpp).
using issue_coupon_atom = caf::atom_constant<caf::atom("issuecpn")>;
using coupon_issued_atom = caf::atom_constant<caf::atom("cpnissued")>;
using user_coupons_atom = caf::atom_constant<caf::atom("mycoupons")>;

// Orders (order_actor.hpp, user_orders.cpp, product_option_actor.cpp, order_sweeper.hpp,
// order_delivery.hpp).
using place_order_atom = caf::atom_constant<caf::atom("placeorder")>;
using pay_atom = caf::atom_constant<caf::atom("pay")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
using expire_atom = caf::atom_constant<caf::atom("expire")>;
using settle_payment_atom = caf::atom_constant<caf::atom("settlepay")>;
using stock_move_atom = caf::atom_constant<caf::atom("stockmove")>;
using settled_atom = caf::atom_constant<caf::atom("settled")>;
using doubt_atom = caf::atom_constant<caf::atom("doubt")>;
using sweep_atom = caf::atom_constant<caf::atom("sweep")>;
using deliver_atom = caf::atom_constant<caf::atom("deliver")>;

// Idempotency records past their window (receipt_retention.hpp).
using purge_atom = caf::atom_constant<caf::atom("purge")>;

// Popularity batch (popularity_batch.hpp).
using popular_top_atom = caf::atom_constant<caf::atom("poptop")>;
using popularity_run_atom = caf::atom_constant<caf::atom("poprun")>;
using popularity_tick_atom = caf::atom_constant<caf::atom("poptick")>;

// What operators see (entity_inspection.hpp, operator_view.hpp, entity_registry.cpp).
using inspect_atom = caf::atom_constant<caf::atom("inspect")>;
using depth_atom = caf::atom_constant<caf::atom("mboxdepth")>;
using probe_atom = caf::atom_constant<caf::atom("probe")>;
using inspect_live_atom = caf::atom_constant<caf::atom("inspectlv")>;
using ask_if_live_atom = caf::atom_constant<caf::atom("asklive")>;

// The cluster (actors/cluster/): membership as this node sees it (model/cluster_view.hpp).
using cluster_view_atom = caf::atom_constant<caf::atom("clusterv")>;
// Who owns which shard, pushed to the registry shards and jobs (cluster/routing_table.hpp).
using routing_atom = caf::atom_constant<caf::atom("routing")>;
// A routing message sent on once by a node that no longer owns the key (stale routing).
using rerouted_atom = caf::atom_constant<caf::atom("rerouted")>;
// Hand shards over: registry shards passivate their entities (membership_actor.cpp).
using handoff_atom = caf::atom_constant<caf::atom("handoff")>;
// The whole node leaves the cluster (SIGTERM): hand every shard over, then answer.
using leave_atom = caf::atom_constant<caf::atom("leave")>;
// A peer's gateway says which node it is (membership_actor.cpp checks it after connecting); with
// a name and a flag, a node that reached this one tells its name and whether it lost the
// connection since its last hello (membership_actor.cpp).
using hello_atom = caf::atom_constant<caf::atom("hello")>;
// A peer lost its connection to this node, maybe unseen here: what waits on that peer here
// (forwards, options' unsettled moves) may wait for a message it dropped.
using peer_lost_atom = caf::atom_constant<caf::atom("peerlost")>;
// Before giving up on what a peer node may still commit (a forward or a move it left unanswered
// when its connection was lost), fence that node in the database (peer_fence.hpp).
using fence_peer_atom = caf::atom_constant<caf::atom("fencepeer")>;
// With passivate_atom: the entity's shard moved to another epoch or owner under it.
using stale_atom = caf::atom_constant<caf::atom("stale")>;

// Where a keyed request's first answer must be stored: the actor that commits the change adds
// the record to its own journal unit (see user_keys.hpp). Empty key: no record.
struct receipt_ticket {
  std::int64_t record_id = 0;
  std::int64_t user_id = 0;
  std::string key;
  std::string request;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, receipt_ticket& x) {
  return f(caf::meta::type_name("receipt_ticket"), x.record_id, x.user_id, x.key, x.request);
}

// order_line is in actors/rules/order.hpp (the rules merge lines).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_line& x) {
  return f(caf::meta::type_name("order_line"), x.option_id, x.quantity);
}

// A new order as the user's actor hands it to the order's actor: ids assigned, lines merged.
struct order_draft {
  std::int64_t order_id = 0;
  std::int64_t user_id = 0;
  std::vector<order_line> lines;
  std::int64_t first_item_id = 0;  // order_items ids [first_item_id, first_item_id + lines)
  receipt_ticket ticket;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_draft& x) {
  return f(caf::meta::type_name("order_draft"), x.order_id, x.user_id, x.lines, x.first_item_id,
           x.ticket);
}

// A payment as the order's actor hands it to the user's actor, which spends the coupon, debits
// the wallet, clears the cart and commits all of it with the order and the options' images.
struct payment_draft {
  model::order_record order;               // PENDING, as the order holds it
  std::vector<model::option_row> options;  // images after the sale
  std::int64_t user_coupon_id = 0;         // 0: no coupon
  receipt_ticket ticket;
  std::vector<model::shard_claim> claims;  // the order's and the options' (the fence)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, payment_draft& x) {
  return f(caf::meta::type_name("payment_draft"), x.order, x.options, x.user_coupon_id, x.ticket,
           x.claims);
}

// What an option's stock move answers: its row after the move, which the order's unit carries,
// and the option's claim for that unit.
struct stock_moved {
  model::option_row row;
  model::shard_claim claim;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stock_moved& x) {
  return f(caf::meta::type_name("stock_moved"), x.row, x.claim);
}

// A committed payment: the order as PAID and the wallet's balance after it.
struct payment_receipt {
  model::order_row order;
  std::int64_t balance = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, payment_receipt& x) {
  return f(caf::meta::type_name("payment_receipt"), x.order, x.balance);
}

// Which of a user's coupons to list (US-014).
enum class coupon_filter : std::uint8_t { all, available, used, expired };

// A new product with its options; ids already assigned.
struct product_draft {
  model::product_row product;
  std::vector<model::option_row> options;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, product_draft& x) {
  return f(caf::meta::type_name("product_draft"), x.product, x.options);
}

// An admin's partial update of a product.
struct product_changes {
  caf::optional<std::string> name;
  caf::optional<std::string> description;
  caf::optional<std::string> category;
  caf::optional<std::int64_t> price;
  caf::optional<bool> available;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, product_changes& x) {
  return f(caf::meta::type_name("product_changes"), x.name, x.description, x.category, x.price,
           x.available);
}

// A product as customers see it: its row and the live rows of its options.
struct product_view {
  model::product_row product;
  std::vector<model::option_row> options;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, product_view& x) {
  return f(caf::meta::type_name("product_view"), x.product, x.options);
}

// Which activation of an option a report comes from, in the order they happened: the shard's
// epoch grows whenever the option moves to another node, and `activation` (a steady-clock stamp)
// grows on each activation within one node. A report from a later activation wins whatever its
// row's version: a reload starts again from the committed version, below that of moves that never
// committed.
struct option_incarnation {
  std::int64_t epoch = 0;
  std::int64_t activation = 0;
  friend bool operator<(const option_incarnation& a, const option_incarnation& b) {
    return a.epoch != b.epoch ? a.epoch < b.epoch : a.activation < b.activation;
  }
  friend bool operator==(const option_incarnation& a, const option_incarnation& b) {
    return a.epoch == b.epoch && a.activation == b.activation;
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, option_incarnation& x) {
  return f(caf::meta::type_name("option_incarnation"), x.epoch, x.activation);
}

// One cart line as the customer sees it: names and prices as the catalog has them now.
struct cart_line_view {
  std::int64_t cart_item_id = 0;
  std::int64_t product_id = 0;
  std::int64_t option_id = 0;
  std::string product_name;
  std::string option_name;
  std::int64_t unit_price = 0;
  std::int64_t quantity = 0;
  std::int64_t subtotal = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cart_line_view& x) {
  return f(caf::meta::type_name("cart_line_view"), x.cart_item_id, x.product_id, x.option_id,
           x.product_name, x.option_name, x.unit_price, x.quantity, x.subtotal);
}

struct cart_view {
  std::vector<cart_line_view> items;
  std::int64_t total = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cart_view& x) {
  return f(caf::meta::type_name("cart_view"), x.items, x.total);
}

void add_message_types(caf::actor_system_config& cfg);

}  // namespace shop
