#include "actors/shop_error.hpp"

#include <caf/actor_system_config.hpp>

namespace shop {

caf::error make_error(shop_error x) {
  return {static_cast<std::uint8_t>(x), caf::atom("shop")};
}

std::string_view code_of(shop_error x) {
  switch (x) {
    case shop_error::invalid_argument:
      return "INVALID_ARGUMENT";
    case shop_error::invalid_amount:
      return "INVALID_AMOUNT";
    case shop_error::invalid_quantity:
      return "INVALID_QUANTITY";
    case shop_error::product_not_found:
      return "PRODUCT_NOT_FOUND";
    case shop_error::option_not_found:
      return "OPTION_NOT_FOUND";
    case shop_error::product_unavailable:
      return "PRODUCT_UNAVAILABLE";
    case shop_error::insufficient_stock:
      return "INSUFFICIENT_STOCK";
    case shop_error::user_not_found:
      return "USER_NOT_FOUND";
    case shop_error::balance_limit_exceeded:
      return "BALANCE_LIMIT_EXCEEDED";
    case shop_error::cart_item_not_found:
      return "CART_ITEM_NOT_FOUND";
    case shop_error::empty_order:
      return "EMPTY_ORDER";
    case shop_error::insufficient_balance:
      return "INSUFFICIENT_BALANCE";
    case shop_error::order_not_found:
      return "ORDER_NOT_FOUND";
    case shop_error::order_expired:
      return "ORDER_EXPIRED";
    case shop_error::order_already_paid:
      return "ORDER_ALREADY_PAID";
    case shop_error::order_cancelled:
      return "ORDER_CANCELLED";
    case shop_error::coupon_not_found:
      return "COUPON_NOT_FOUND";
    case shop_error::coupon_sold_out:
      return "COUPON_SOLD_OUT";
    case shop_error::already_issued:
      return "ALREADY_ISSUED";
    case shop_error::coupon_not_started:
      return "COUPON_NOT_STARTED";
    case shop_error::expired_coupon:
      return "EXPIRED_COUPON";
    case shop_error::already_used:
      return "ALREADY_USED";
    case shop_error::invalid_coupon:
      return "INVALID_COUPON";
    case shop_error::forbidden:
      return "FORBIDDEN";
    case shop_error::idempotency_key_reused:
      return "IDEMPOTENCY_KEY_REUSED";
    case shop_error::unavailable:
      return "SERVICE_UNAVAILABLE";
    case shop_error::storage_failed:
      return "INTERNAL";
    case shop_error::actor_not_live:
      return "ACTOR_NOT_LIVE";
  }
  return "INTERNAL";
}

bool as_shop_error(const caf::error& e, shop_error& out) {
  if (e.category() != caf::atom("shop") || e.code() == 0) return false;
  out = static_cast<shop_error>(e.code());
  return true;
}

void add_shop_error_category(caf::actor_system_config& cfg) {
  cfg.add_error_category(caf::atom("shop"),
                         [](std::uint8_t code, caf::atom_value, const caf::message&) {
                           return std::string{code_of(static_cast<shop_error>(code))};
                         });
}

}  // namespace shop
