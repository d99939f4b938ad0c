#include "http/order_json.hpp"

#include "actors/rules/cart.hpp"
#include "http/json_input.hpp"

namespace shop::http {

using model::order_record;
using model::order_row;

namespace {

nlohmann::json time_or_null(std::int64_t ms) {
  return ms ? nlohmann::json(format_time(ms)) : nlohmann::json(nullptr);
}

nlohmann::json id_or_null(std::int64_t id) {
  return id ? nlohmann::json(id) : nlohmann::json(nullptr);
}

// What every rendering of an order has: which order, its state and what it costs.
nlohmann::json settlement_fields(const order_row& r) {
  return {{"orderId", r.id},
          {"status", to_string(r.status)},
          {"totalAmount", r.total_amount},
          {"discountAmount", r.discount_amount},
          {"paidAmount", r.paid_amount},
          {"couponId", id_or_null(r.user_coupon_id)},
          {"paidAt", time_or_null(r.paid_at_ms)}};
}

nlohmann::json items_json(const order_record& o) {
  auto items = nlohmann::json::array();
  for (const auto& i : o.items)
    items.push_back({{"productId", i.product_id},
                     {"productOptionId", i.option_id},
                     {"productName", i.product_name},
                     {"optionName", i.option_name},
                     {"unitPrice", i.unit_price},
                     {"quantity", i.quantity},
                     {"subtotal", rules::line_subtotal(i.unit_price, i.quantity)}});
  return items;
}

}  // namespace

nlohmann::json order_delivery_json(const order_record& o) {
  auto j = settlement_fields(o.row);
  j["userId"] = o.row.user_id;
  j["items"] = items_json(o);
  return j;
}

nlohmann::json order_json(const order_record& o) {
  auto j = order_delivery_json(o);
  j["createdAt"] = format_time(o.row.created_at_ms);
  j["expiresAt"] = format_time(o.row.expires_at_ms);
  return j;
}

nlohmann::json payment_json(const payment_receipt& r) {
  auto j = settlement_fields(r.order);
  j["balance"] = r.balance;
  return j;
}

}  // namespace shop::http
