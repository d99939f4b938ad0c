#include "service/cart.hpp"

#include "actors/entities/user_actor.hpp"

namespace shop::service {

void add_to_cart(const shop_service& s, std::int64_t user_id, std::int64_t option_id,
                 std::int64_t quantity, callback<model::cart_item_row> done) {
  s.ask_entity<user_actor>(user_id, std::move(done), cart_add_atom::value, option_id, quantity);
}

void view_cart(const shop_service& s, std::int64_t user_id, callback<cart_view> done) {
  s.ask_entity<user_actor>(user_id, std::move(done), cart_view_atom::value);
}

void remove_from_cart(const shop_service& s, std::int64_t user_id, std::int64_t cart_item_id,
                      callback<caf::ok_atom> done) {
  s.ask_entity<user_actor>(user_id, std::move(done), cart_remove_atom::value, cart_item_id);
}

}  // namespace shop::service
