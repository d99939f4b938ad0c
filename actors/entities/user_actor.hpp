// One actor per user: the user's side of the shop. It owns the wallet balance, the cart and the
// user's idempotency keys, so a later payment can check a coupon, debit the wallet and clear the
// ordered lines from the cart in one step (see docs/architecture.md, "Why the cart lives with the
// wallet"). No other code changes a balance.
#pragma once

#include <caf/fwd.hpp>

#include "actors/hosting/entity_context.hpp"

namespace shop {

// Messages (through the entity registry, kind entity_kind::user). A `key` is an Idempotency-Key
// ("" for none): a repeat answers the first reply without acting again.
//   (create_atom, user_row) -> user_row, after commit                  (only for a new id)
//   (view_atom) -> user_row                                           | USER_NOT_FOUND
//   (charge_atom, int64 amount, string key) -> user_row, after commit  | INVALID_AMOUNT,
//        BALANCE_LIMIT_EXCEEDED, IDEMPOTENCY_KEY_REUSED
//   (debit_atom, int64 amount) -> user_row, after commit               | INSUFFICIENT_BALANCE
//   (credit_atom, int64 amount) -> user_row, after commit
//   (cart_add_atom, int64 option_id, int64 quantity) -> cart_item_row, after commit
//        | INVALID_QUANTITY, OPTION_NOT_FOUND, PRODUCT_UNAVAILABLE, INSUFFICIENT_STOCK
//   (cart_view_atom) -> cart_view
//   (cart_remove_atom, int64 cart_item_id) -> ok_atom, after commit    | CART_ITEM_NOT_FOUND
//   (user_coupons_atom, uint8 coupon_filter) -> vector<user_coupon_row>, status derived now
//   (issue_coupon_atom, int64 coupon_id, string key) -> user_coupon_row: a keyed issue, asked of
//        the campaign with this user's receipt ticket                    | as the campaign
//   (coupon_issued_atom, user_coupon_row): the campaign's notice of a new coupon (no reply)
//   (place_order_atom, vector<order_line> lines, string key) -> order_record: lines merged (none:
//        the whole cart), ids taken, the order's actor creates it     | EMPTY_ORDER, as the order
//   (pay_atom, int64 order_id, int64 user_coupon_id, string key) -> payment_receipt: a keyed
//        payment, asked of the order with this user's receipt ticket
//   (cancel_atom, int64 order_id, string key) -> order_row: a keyed cancel, likewise
//   (settle_payment_atom, payment_draft) -> payment_receipt, after commit: the order's payment
//        step on the user's side                 | INSUFFICIENT_BALANCE, INVALID_COUPON,
//        ALREADY_USED, EXPIRED_COUPON
caf::actor spawn_user(caf::local_actor* parent, std::int64_t id, const entity_context& ctx);

}  // namespace shop
