#include "service/users.hpp"

#include "actors/entities/user_actor.hpp"
#include "actors/hosting/clock.hpp"

namespace shop::service {

using model::user_row;

void create_user(const shop_service& s, std::string name, std::int64_t initial_balance,
                 callback<user_row> done) {
  s.create_entity<user_actor>(model::table_id::users,
                              user_row{0, std::move(name), initial_balance, wall_clock_ms(), 1},
                              std::move(done));
}

void user_detail(const shop_service& s, std::int64_t user_id, callback<user_row> done) {
  s.ask_entity<user_actor>(user_id, std::move(done), view_atom::value);
}

void charge(const shop_service& s, std::int64_t user_id, std::int64_t amount, std::string key,
            callback<user_row> done) {
  s.ask_entity<user_actor>(user_id, std::move(done), charge_atom::value, amount, std::move(key));
}

}  // namespace shop::service
