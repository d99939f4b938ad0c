#include "persistence/tables.hpp"

#include <array>

namespace shop::persistence {
namespace {

using K = column_value;

const std::array<table_schema, static_cast<std::size_t>(table_id::count_)>& schemas() {
  static const std::array<table_schema, static_cast<std::size_t>(table_id::count_)> all = {{
      {"products",
       {{"name", K::text},
        {"description", K::text},
        {"category", K::text},
        {"price", K::integer},
        {"available", K::integer},
        {"created_at", K::time_ms}}},
      {"product_options",
       {{"product_id", K::integer},
        {"name", K::text},
        {"additional_price", K::integer},
        {"stock", K::integer},
        {"reserved_stock", K::integer},
        {"received", K::integer}}},
      {"users", {{"name", K::text}, {"balance", K::integer}, {"created_at", K::time_ms}}},
      {"cart_items",
       {{"user_id", K::integer},
        {"product_option_id", K::integer},
        {"quantity", K::integer},
        {"created_at", K::time_ms}}},
      {"orders",
       {{"user_id", K::integer},
        {"status", K::text},
        {"total_amount", K::integer},
        {"discount_amount", K::integer},
        {"paid_amount", K::integer},
        {"user_coupon_id", K::integer},
        {"created_at", K::time_ms},
        {"expires_at", K::time_ms},
        {"paid_at", K::time_ms}}},
      {"order_items",
       {{"order_id", K::integer},
        {"product_id", K::integer},
        {"product_option_id", K::integer},
        {"product_name", K::text},
        {"option_name", K::text},
        {"unit_price", K::integer},
        {"quantity", K::integer}}},
      {"coupons",
       {{"name", K::text},
        {"discount_type", K::text},
        {"discount_value", K::integer},
        {"total_quantity", K::integer},
        {"issued_quantity", K::integer},
        {"starts_at", K::time_ms},
        {"expires_at", K::time_ms},
        {"created_at", K::time_ms}}},
      {"user_coupons",
       {{"user_id", K::integer},
        {"coupon_id", K::integer},
        {"status", K::text},
        {"issued_at", K::time_ms},
        {"expires_at", K::time_ms},
        {"used_at", K::time_ms}}},
      {"idempotency_keys",
       {{"user_id", K::integer},
        {"idem_key", K::text},
        {"request", K::text},
        {"response", K::text},
        {"created_at", K::time_ms}}},
      {"order_outbox", {{"created_at", K::time_ms}}},
      {"transaction_out_failure_log",
       {{"order_id", K::integer},
        {"attempt", K::integer},
        {"error", K::text},
        {"created_at", K::time_ms}}},
      {"popularity_snapshots",
       {{"as_of", K::time_ms}, {"created_at", K::time_ms}, {"product_count", K::integer}}},
      {"product_popularity_snapshot",
       {{"snapshot_id", K::integer},
        {"snapshot_at", K::time_ms},
        {"created_at", K::time_ms},
        {"product_rank", K::integer},
        {"product_id", K::integer},
        {"name", K::text},
        {"price", K::integer},
        {"category", K::text},
        {"sold_quantity", K::integer},
        {"last_sold_at", K::time_ms}}},
  }};
  return all;
}

row_image image(table_id t, std::int64_t id, std::int64_t version, std::vector<column_value> v) {
  return {t, id, version, false, std::move(v)};
}

}  // namespace

const table_schema& schema_of(table_id t) {
  return schemas().at(static_cast<std::size_t>(t));
}

row_image to_image(const product_row& r) {
  return image(table_id::products, r.id, r.version,
               {K::of(r.name), K::of(r.description), K::of(r.category), K::of(r.price),
                K::of(std::int64_t{r.available ? 1 : 0}), K::time(r.created_at_ms)});
}

row_image to_image(const option_row& r) {
  return image(table_id::product_options, r.id, r.version,
               {K::of(r.product_id), K::of(r.name), K::of(r.additional_price), K::of(r.stock),
                K::of(r.reserved_stock), K::of(r.received)});
}

row_image to_image(const user_row& r) {
  return image(table_id::users, r.id, r.version,
               {K::of(r.name), K::of(r.balance), K::time(r.created_at_ms)});
}

row_image to_image(const cart_item_row& r) {
  return image(table_id::cart_items, r.id, r.version,
               {K::of(r.user_id), K::of(r.option_id), K::of(r.quantity), K::time(r.created_at_ms)});
}

row_image to_image(const idempotency_row& r) {
  return image(table_id::idempotency_keys, r.id, r.version,
               {K::of(r.user_id), K::of(r.key), K::of(r.request), K::of(r.response),
                K::time(r.created_at_ms)});
}

row_image to_image(const coupon_row& r) {
  return image(
      table_id::coupons, r.id, r.version,
      {K::of(r.name), K::of(r.discount_type), K::of(r.discount_value), K::of(r.total_quantity),
       K::of(r.issued_quantity), r.starts_at_ms ? K::time(r.starts_at_ms) : K::none(),
       K::time(r.expires_at_ms), K::time(r.created_at_ms)});
}

row_image to_image(const user_coupon_row& r) {
  return image(table_id::user_coupons, r.id, r.version,
               {K::of(r.user_id), K::of(r.coupon_id), K::of(std::string{to_string(r.status)}),
                K::time(r.issued_at_ms), K::time(r.expires_at_ms),
                r.used_at_ms ? K::time(r.used_at_ms) : K::none()});
}

row_image to_image(const order_row& r) {
  return image(table_id::orders, r.id, r.version,
               {K::of(r.user_id), K::of(std::string{to_string(r.status)}), K::of(r.total_amount),
                K::of(r.discount_amount), K::of(r.paid_amount),
                r.user_coupon_id ? K::of(r.user_coupon_id) : K::none(), K::time(r.created_at_ms),
                K::time(r.expires_at_ms), r.paid_at_ms ? K::time(r.paid_at_ms) : K::none()});
}

row_image to_image(const order_item_row& r) {
  return image(table_id::order_items, r.id, r.version,
               {K::of(r.order_id), K::of(r.product_id), K::of(r.option_id), K::of(r.product_name),
                K::of(r.option_name), K::of(r.unit_price), K::of(r.quantity)});
}

row_image to_image(const outbox_row& r) {
  return image(table_id::order_outbox, r.id, r.version, {K::time(r.created_at_ms)});
}

row_image to_image(const delivery_failure_row& r) {
  return image(table_id::delivery_failures, r.id, r.version,
               {K::of(r.order_id), K::of(r.attempt), K::of(r.error), K::time(r.created_at_ms)});
}

row_image to_image(const popularity_snapshot_row& r) {
  return image(table_id::popularity_snapshots, r.id, r.version,
               {K::time(r.as_of_ms), K::time(r.created_at_ms), K::of(r.product_count)});
}

row_image to_image(const popularity_item_row& r) {
  const auto& s = r.sales;
  return image(table_id::popularity_items, r.id, r.version,
               {K::of(r.snapshot_id), K::time(r.snapshot_at_ms), K::time(r.created_at_ms),
                K::of(r.rank), K::of(s.product_id), K::of(s.name), K::of(s.price),
                K::of(s.category), K::of(s.sold_quantity), K::time(s.last_sold_at_ms)});
}

row_image erase_image(table_id t, std::int64_t id, std::int64_t version) {
  return {t, id, version, true, {}};
}

}  // namespace shop::persistence
