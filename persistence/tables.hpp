// The column layout of every journaled table, and the row -> image conversions.
#pragma once

#include <string>
#include <vector>

#include "model/popularity_rows.hpp"
#include "model/row_image.hpp"
#include "model/rows.hpp"

namespace shop::persistence {

// Persistence stores and loads the values of model/.
using namespace model;

struct column_def {
  const char* name;
  column_value::kind_t kind;
};

struct table_schema {
  const char* name;
  std::vector<column_def> columns;  // without `id` and `version`
};

const table_schema& schema_of(table_id t);

row_image to_image(const product_row& r);
row_image to_image(const option_row& r);
row_image to_image(const user_row& r);
row_image to_image(const cart_item_row& r);
row_image to_image(const idempotency_row& r);
row_image to_image(const coupon_row& r);
row_image to_image(const user_coupon_row& r);
row_image to_image(const order_row& r);
row_image to_image(const order_item_row& r);
row_image to_image(const outbox_row& r);
row_image to_image(const delivery_failure_row& r);
row_image to_image(const popularity_snapshot_row& r);
row_image to_image(const popularity_item_row& r);
// A tombstone: deletes row `id` unless a newer image than `version` is already stored.
row_image erase_image(table_id t, std::int64_t id, std::int64_t version);

}  // namespace shop::persistence
