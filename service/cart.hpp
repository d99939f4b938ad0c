// The cart (US-005..US-007); it lives in the user's actor, next to the wallet.
#pragma once

#include "service/shop_service.hpp"

namespace shop::service {

// Adds `quantity` of an option (merged into its line), after commit
//                       | INVALID_QUANTITY, OPTION_NOT_FOUND, PRODUCT_UNAVAILABLE,
//                       INSUFFICIENT_STOCK
void add_to_cart(const shop_service& s, std::int64_t user_id, std::int64_t option_id,
                 std::int64_t quantity, callback<model::cart_item_row> done);

// The lines with names and prices as the catalog has them now.
void view_cart(const shop_service& s, std::int64_t user_id, callback<cart_view> done);

// Removes one line, after commit                                         | CART_ITEM_NOT_FOUND
void remove_from_cart(const shop_service& s, std::int64_t user_id, std::int64_t cart_item_id,
                      callback<caf::ok_atom> done);

}  // namespace shop::service
