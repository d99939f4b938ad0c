#include "actors/hosting/id_allocator.hpp"

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/shop_error.hpp"

namespace shop {
namespace {

struct allocator_state {
  std::vector<std::int64_t> last;  // highest id handed out, per table
  static inline const char* name = "id_allocator";
};

caf::behavior id_allocator(caf::stateful_actor<allocator_state>* self,
                           std::vector<std::int64_t> max_ids) {
  self->state.last = std::move(max_ids);
  return {
      [=](next_id_atom, std::uint8_t table, std::int64_t count) -> caf::result<std::int64_t> {
        auto& last = self->state.last;
        if (table >= last.size() || count < 1) return make_error(shop_error::invalid_argument);
        auto first = last[table] + 1;
        last[table] += count;
        return first;
      },
  };
}

}  // namespace

caf::actor spawn_id_allocator(caf::actor_system& sys, std::vector<std::int64_t> max_ids) {
  return sys.spawn(id_allocator, std::move(max_ids));
}

}  // namespace shop
