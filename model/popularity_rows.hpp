// Rows of the popularity snapshot (US-003, 0004_popularity.sql): a header per batch run, so an
// empty snapshot (nothing sold) is a snapshot too, and its ranked products.
#pragma once

#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace shop::model {

// Units of one product sold in PAID orders within a window (all options summed), with the
// catalog's current name, price and category. What the batch ranks.
struct product_sales {
  std::int64_t product_id = 0;
  std::string name;
  std::int64_t price = 0;
  std::string category;
  std::int64_t sold_quantity = 0;
  std::int64_t last_sold_at_ms = 0;  // the latest paid_at among those orders
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, product_sales& x) {
  return f(caf::meta::type_name("product_sales"), x.product_id, x.name, x.price, x.category,
           x.sold_quantity, x.last_sold_at_ms);
}

// popularity_snapshots: one row per batch run. `as_of_ms` is the batch time (the window is the
// 3 days before it); `created_at_ms` is when the run wrote it.
struct popularity_snapshot_row {
  std::int64_t id = 0;
  std::int64_t as_of_ms = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t product_count = 0;
  std::int64_t version = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, popularity_snapshot_row& x) {
  return f(caf::meta::type_name("popularity_snapshot_row"), x.id, x.as_of_ms, x.created_at_ms,
           x.product_count, x.version);
}

// product_popularity_snapshot: one ranked product of a snapshot (rank 1 = most sold).
struct popularity_item_row {
  std::int64_t id = 0;
  std::int64_t snapshot_id = 0;
  std::int64_t snapshot_at_ms = 0;  // = the header's as_of_ms
  std::int64_t created_at_ms = 0;
  std::int64_t rank = 0;
  product_sales sales;
  std::int64_t version = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, popularity_item_row& x) {
  return f(caf::meta::type_name("popularity_item_row"), x.id, x.snapshot_id, x.snapshot_at_ms,
           x.created_at_ms, x.rank, x.sales, x.version);
}

// A whole snapshot; header.id == 0 means there is none yet.
struct popularity_snapshot {
  popularity_snapshot_row header;
  std::vector<popularity_item_row> items;  // by rank
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, popularity_snapshot& x) {
  return f(caf::meta::type_name("popularity_snapshot"), x.header, x.items);
}

}  // namespace shop::model
