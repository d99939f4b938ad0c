// What actors hand to the journal: versioned images of rows, grouped into units that commit
// atomically. Values only, so a unit can travel between nodes.
#pragma once

#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "model/enum_inspect.hpp"

namespace shop::model {

enum class table_id : std::uint8_t {
  products,
  product_options,
  users,
  cart_items,
  orders,
  order_items,
  coupons,
  user_coupons,
  idempotency_keys,
  order_outbox,
  delivery_failures,  // transaction_out_failure_log
  popularity_snapshots,
  popularity_items,  // product_popularity_snapshot
  count_             // keep last
};

struct column_value {
  enum kind_t : std::uint8_t { null, integer, text, time_ms, count_ /* keep last */ };
  kind_t kind = null;
  std::int64_t number = 0;
  std::string str;

  static column_value of(std::int64_t v) { return {integer, v, {}}; }
  static column_value of(std::string v) { return {text, 0, std::move(v)}; }
  static column_value time(std::int64_t ms) { return {time_ms, ms, {}}; }
  static column_value none() { return {}; }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, column_value& x) {
  return f(caf::meta::type_name("column_value"), checked(x.kind, column_value::count_), x.number,
           x.str);
}

struct row_image {
  table_id table = table_id::products;
  std::int64_t id = 0;
  std::int64_t version = 0;          // an older image never overwrites a newer one
  bool erase = false;                // a tombstone: delete the row
  std::vector<column_value> values;  // in the order of the table's schema, id/version excluded
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, row_image& x) {
  return f(caf::meta::type_name("row_image"), checked(x.table, table_id::count_), x.id, x.version,
           x.erase, x.values);
}

// Units an order's payment sold of one option: its row of option_sales (sales_fold.hpp).
struct sale {
  std::int64_t option_id = 0;
  std::int64_t order_id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sale& x) {
  return f(caf::meta::type_name("sale"), x.option_id, x.order_id, x.product_id, x.quantity);
}

// The ownership under which an entity changed its rows: its cluster shard and the epoch at which
// its node held that shard when the entity was activated. A unit commits only if every claim it
// carries still holds in the database (the fence, docs/architecture.md "Cluster").
struct shard_claim {
  std::uint32_t shard = 0;
  std::int64_t epoch = 0;
  friend bool operator==(const shard_claim& a, const shard_claim& b) {
    return a.shard == b.shard && a.epoch == b.epoch;
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, shard_claim& x) {
  return f(caf::meta::type_name("shard_claim"), x.shard, x.epoch);
}

// Rows that must land together or not at all (one transaction), the sales they record, and the
// claims of the entities that made them (none on a lone node: nothing to fence).
struct journal_unit {
  std::vector<row_image> rows;
  std::vector<sale> sales = {};
  std::vector<shard_claim> claims = {};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, journal_unit& x) {
  return f(caf::meta::type_name("journal_unit"), x.rows, x.sales, x.claims);
}

// Adds `c` to `claims` unless it is there already; a claim of epoch 0 (no cluster) is dropped.
inline void add_claim(std::vector<shard_claim>& claims, const shard_claim& c) {
  if (c.epoch == 0) return;
  for (const auto& x : claims)
    if (x == c) return;
  claims.push_back(c);
}

}  // namespace shop::model
