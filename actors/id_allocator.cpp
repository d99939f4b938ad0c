#include "actors/id_allocator.hpp"

#include "actors/messages.hpp"
#include "actors/shop_error.hpp"

#include <caf/all.hpp>

namespace shop {

caf::actor spawn_id_allocator(caf::actor_system& sys, std::vector<std::int64_t> max_ids) {
  return sys.spawn([ids = std::move(max_ids)](caf::event_based_actor*) mutable -> caf::behavior {
    return {
        [&ids](next_id_atom, std::uint8_t table, std::int64_t count) -> caf::result<std::int64_t> {
          if (table >= ids.size() || count < 1) return make_error(shop_error::invalid_argument);
          auto first = ids[table] + 1;
          ids[table] += count;
          return first;
        },
    };
  });
}

}  // namespace shop
