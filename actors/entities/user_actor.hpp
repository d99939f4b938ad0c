// One actor per user: the user's side of the shop. It owns the wallet balance, the cart and the
// user's idempotency keys, so a later payment can check a coupon, debit the wallet and clear the
// ordered lines from the cart in one step (see docs/architecture.md, "Why the cart lives with the
// wallet"). No other code changes a balance.
#pragma once

#include <caf/fwd.hpp>
#include <string>
#include <vector>

#include "actors/hosting/entity_context.hpp"
#include "actors/hosting/entity_interface.hpp"

namespace shop {

// Reached through the entity registry (kind entity_kind::user), or directly by an order that a
// keyed payment of this user waits on. A `key` is an Idempotency-Key ("" for none): a repeat
// answers the first reply without acting again. An unknown id answers USER_NOT_FOUND.
using user_actor = lifecycle_interface::extend<
    // A new user, after commit (only for a new id).
    caf::replies_to<create_atom, model::user_row>::with<model::user_row>,
    caf::replies_to<view_atom>::with<model::user_row>,
    // Tops up the wallet, after commit | INVALID_AMOUNT, BALANCE_LIMIT_EXCEEDED,
    // IDEMPOTENCY_KEY_REUSED.
    caf::replies_to<charge_atom, std::int64_t, std::string>::with<model::user_row>,
    // Takes `amount` from the wallet, after commit | INSUFFICIENT_BALANCE.
    caf::replies_to<debit_atom, std::int64_t>::with<model::user_row>,
    // Gives `amount` back to the wallet, after commit.
    caf::replies_to<credit_atom, std::int64_t>::with<model::user_row>,
    // Adds `quantity` of option `option_id` to the cart, after commit | INVALID_QUANTITY,
    // OPTION_NOT_FOUND, PRODUCT_UNAVAILABLE, INSUFFICIENT_STOCK.
    caf::replies_to<cart_add_atom, std::int64_t, std::int64_t>::with<model::cart_item_row>,
    // The cart with the catalog's names and prices now.
    caf::replies_to<cart_view_atom>::with<cart_view>,
    // Removes a cart line, after commit | CART_ITEM_NOT_FOUND.
    caf::replies_to<cart_remove_atom, std::int64_t>::with<caf::ok_atom>,
    // The coupons held that pass a coupon_filter (as its byte), status derived now.
    caf::replies_to<user_coupons_atom, std::uint8_t>::with<std::vector<model::user_coupon_row>>,
    // A keyed issue of campaign `coupon_id`, asked of the campaign with this user's receipt
    // ticket | as the campaign.
    caf::replies_to<issue_coupon_atom, std::int64_t, std::string>::with<model::user_coupon_row>,
    // The campaign's notice of a coupon it issued to this user; no reply.
    caf::reacts_to<coupon_issued_atom, model::user_coupon_row>,
    // Places an order of `lines` (none: the whole cart): lines merged, ids taken, the order's
    // actor creates it | EMPTY_ORDER, as the order.
    caf::replies_to<place_order_atom, std::vector<order_line>,
                    std::string>::with<model::order_record>,
    // A keyed payment of order `order_id` with user coupon `user_coupon_id` (0: none), asked of
    // the order with this user's receipt ticket | as the order.
    caf::replies_to<pay_atom, std::int64_t, std::int64_t, std::string>::with<payment_receipt>,
    // A keyed cancel of order `order_id`, likewise | as the order.
    caf::replies_to<cancel_atom, std::int64_t, std::string>::with<model::order_row>,
    // The order's payment step on the user's side: spends the coupon, debits the wallet, clears
    // the ordered cart lines and commits it all with the order | INSUFFICIENT_BALANCE,
    // INVALID_COUPON, ALREADY_USED, EXPIRED_COUPON.
    caf::replies_to<settle_payment_atom, payment_draft>::with<payment_receipt>>;

template <>
struct entity_kind_of<user_actor> {
  static constexpr entity_kind value = entity_kind::user;
};

caf::actor spawn_user(caf::local_actor* parent, std::int64_t id, const shared_context& ctx,
                      model::shard_claim claim, bool fresh);

}  // namespace shop
