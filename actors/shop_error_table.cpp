#include "actors/shop_error_table.hpp"

#include <array>
#include <cstddef>

namespace shop {
namespace {

// One row says everything the client hears about an error. The table sits beside the enum
// rather than in http/ because actors need the code too (CAF renders a shop error as its code in
// logs and in the delivery failure log); the status is a plain number, not a Beast type, so
// actors/ compiles without HTTP and never reads it: http/error_mapping.cpp casts it. Splitting
// the status into a second table in http/ would bring back two lists that can disagree.
struct row {
  shop_error error;
  std::uint16_t http_status;
  std::string_view code;
  // Empty: the code itself is the message.
  std::string_view message;
};

// The codes two rows answer with (another status or message), spelled once.
constexpr std::string_view invalid_argument_code = "INVALID_ARGUMENT";
constexpr std::string_view internal_code = "INTERNAL";
constexpr std::string_view unavailable_code = "SERVICE_UNAVAILABLE";

// One row per line reads as the table it is.
// clang-format off
constexpr std::array<row, static_cast<std::size_t>(shop_error::count_) - 1> table{{
  // input rules
  {shop_error::invalid_argument,       400, invalid_argument_code, ""},
  {shop_error::invalid_amount,         400, "INVALID_AMOUNT", ""},
  {shop_error::invalid_quantity,       400, "INVALID_QUANTITY", ""},
  // catalog
  {shop_error::product_not_found,      404, "PRODUCT_NOT_FOUND", ""},
  {shop_error::option_not_found,       404, "OPTION_NOT_FOUND", ""},
  {shop_error::product_unavailable,    400, "PRODUCT_UNAVAILABLE", "the product is not on sale"},
  {shop_error::insufficient_stock,     400, "INSUFFICIENT_STOCK", "not enough stock for this quantity"},
  // users, wallet, cart
  {shop_error::user_not_found,         404, "USER_NOT_FOUND", ""},
  {shop_error::balance_limit_exceeded, 400, "BALANCE_LIMIT_EXCEEDED", ""},
  {shop_error::cart_item_not_found,    404, "CART_ITEM_NOT_FOUND", ""},
  // orders and payment
  {shop_error::empty_order,            400, "EMPTY_ORDER", "the order has no items (and the cart is empty)"},
  {shop_error::insufficient_balance,   400, "INSUFFICIENT_BALANCE", "the balance does not cover this payment; charge the wallet and try again"},
  {shop_error::order_not_found,        404, "ORDER_NOT_FOUND", "no such order"},
  {shop_error::order_expired,          400, "ORDER_EXPIRED", "the order's hold has expired; create the order again"},
  {shop_error::order_already_paid,     400, "ORDER_ALREADY_PAID", "the order is already paid"},
  {shop_error::order_cancelled,        400, "ORDER_CANCELLED", "the order was cancelled; create the order again"},
  // coupons
  {shop_error::coupon_not_found,       404, "COUPON_NOT_FOUND", ""},
  {shop_error::coupon_sold_out,        400, "COUPON_SOLD_OUT", ""},
  {shop_error::already_issued,         400, "ALREADY_ISSUED", ""},
  {shop_error::coupon_not_started,     400, "COUPON_NOT_STARTED", ""},
  {shop_error::expired_coupon,         400, "EXPIRED_COUPON", "the coupon has expired"},
  {shop_error::already_used,           400, "ALREADY_USED", "the coupon was already used"},
  {shop_error::invalid_coupon,         400, "INVALID_COUPON", "no such coupon for this user"},
  // access and protocol
  {shop_error::forbidden,              403, "FORBIDDEN", "this token may not act on that resource"},
  {shop_error::idempotency_key_reused, 409, "IDEMPOTENCY_KEY_REUSED", ""},
  // the service itself
  {shop_error::unavailable,            503, unavailable_code, "the shop cannot take this request right now, try again shortly"},
  {shop_error::storage_failed,         500, internal_code, "the request could not be stored"},
  // operators
  {shop_error::actor_not_live,         404, "ACTOR_NOT_LIVE", "no live actor has this key; add ?activate=true to load it"},
  // refusals of the HTTP layer itself
  {shop_error::unauthorized,           401, "UNAUTHORIZED", "token missing or not valid"},
  {shop_error::invalid_json,           400, "INVALID_JSON", "the body must be a JSON object"},
  {shop_error::unknown_path,           404, "NOT_FOUND", "no such endpoint"},
  {shop_error::method_not_allowed,     405, "METHOD_NOT_ALLOWED", "this path does not take that method"},
  {shop_error::payload_too_large,      413, "PAYLOAD_TOO_LARGE", "request body too large"},
  {shop_error::header_too_large,       431, invalid_argument_code, "request header fields too large"},
  {shop_error::internal,               500, internal_code, "internal server error"},
  // the service itself, in a cluster
  {shop_error::outcome_unknown,        503, unavailable_code, "the node that had this request stopped answering, so it may or may not have been done; repeat it with the same Idempotency-Key to learn which"},
  {shop_error::stock_out_of_step,      503, unavailable_code, "the shop cannot take this request right now, try again shortly"},
}};
// clang-format on

// Values start at 1 (0 is "no error" to CAF), so row i holds value i + 1. A missing, extra or
// misplaced row fails here: a missing one leaves a zero row at the end, an extra one overflows the
// array.
constexpr bool one_row_per_value_in_order() {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (table[i].error != static_cast<shop_error>(i + 1)) return false;
  return true;
}
static_assert(one_row_per_value_in_order(), "row i of the table must be the shop_error i + 1");

constexpr bool every_row_complete() {
  for (const auto& r : table)
    if (r.code.empty() || r.http_status < 400 || r.http_status > 599) return false;
  return true;
}
static_assert(every_row_complete(), "every row needs a code and an error status");

// A value outside the enum (a stored reply written by a newer build) is the server's trouble.
const row& row_of(shop_error e) {
  const auto i = static_cast<std::size_t>(e);
  if (i == 0 || i > table.size()) return row_of(shop_error::internal);
  return table[i - 1];
}

}  // namespace

std::string_view code_of(shop_error e) {
  return row_of(e).code;
}

std::string_view message_of(shop_error e) {
  const auto& r = row_of(e);
  return r.message.empty() ? r.code : r.message;
}

std::uint16_t http_status_of(shop_error e) {
  return row_of(e).http_status;
}

}  // namespace shop
