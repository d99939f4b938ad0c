#include "actors/hosting/id_allocator.hpp"

#include <caf/all.hpp>
#include <deque>
#include <optional>

#include "actors/messages.hpp"
#include "actors/shop_error.hpp"
#include "model/id_block_protocol.hpp"

namespace shop {
namespace {

constexpr auto table_count = static_cast<std::size_t>(model::table_id::count_);

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

// Block mode: one table's ids.
struct table_ids {
  struct block {
    std::int64_t first = 0;
    std::int64_t end = 0;  // one past the last id
  };
  struct waiting_request {
    std::int64_t count = 0;
    caf::response_promise promise;
  };
  std::int64_t next = 0;  // [next, current.end) are still free
  block current;
  std::optional<block> spare;  // fetched ahead, used once `current` cannot serve a request
  bool fetching = false;
  std::deque<waiting_request> waiting;  // in arrival order

  // The first of `count` consecutive ids, if the blocks at hand have them. Ids left in a block
  // too short for `count` are skipped: ids must be consecutive, not dense.
  std::optional<std::int64_t> take(std::int64_t count) {
    if (current.end - next < count && spare) {
      current = *spare;
      next = current.first;
      spare.reset();
    }
    if (current.end - next < count) return std::nullopt;
    auto first = next;
    next += count;
    return first;
  }
};

struct block_allocator_state {
  caf::actor source;
  std::int64_t block_size = 0;
  std::vector<table_ids> tables = std::vector<table_ids>(table_count);
  static inline const char* name = "id_allocator";
};

using block_allocator = caf::stateful_actor<block_allocator_state>;

void fetch_if_needed(block_allocator* self, std::uint8_t table);

// Hands the ids at hand to the requests waiting, oldest first.
void serve_waiting(block_allocator* self, std::uint8_t table) {
  auto& t = self->state.tables[table];
  while (!t.waiting.empty()) {
    auto first = t.take(t.waiting.front().count);
    if (!first) break;
    t.waiting.front().promise.deliver(*first);
    t.waiting.pop_front();
  }
  fetch_if_needed(self, table);
}

// Asks for the next block when requests wait, or when half of the current block is handed out.
void fetch_if_needed(block_allocator* self, std::uint8_t table) {
  auto& st = self->state;
  auto& t = st.tables[table];
  if (t.fetching || t.spare) return;
  if (t.waiting.empty() && (t.current.end - t.next) * 2 > st.block_size) return;
  t.fetching = true;
  self->request(st.source, caf::infinite, model::reserve_block_atom::value, table, st.block_size)
      .then(
          [=](std::int64_t first) {
            auto& ids = self->state.tables[table];
            ids.fetching = false;
            ids.spare = table_ids::block{first, first + self->state.block_size};
            serve_waiting(self, table);
          },
          [=](caf::error& e) {
            // Nothing to hand out: those waiting get the error (503 for the database being
            // away); the next request asks again.
            auto& ids = self->state.tables[table];
            ids.fetching = false;
            auto waiting = std::move(ids.waiting);
            ids.waiting.clear();
            for (auto& w : waiting) w.promise.deliver(e);
          });
}

caf::behavior block_id_allocator(block_allocator* self, caf::actor source,
                                 std::int64_t block_size) {
  self->state.source = std::move(source);
  self->state.block_size = block_size;
  return {
      [=](next_id_atom, std::uint8_t table, std::int64_t count) -> caf::result<std::int64_t> {
        auto& st = self->state;
        if (table >= st.tables.size() || count < 1) return make_error(shop_error::invalid_argument);
        // A promise only for requests that wait: making one takes over the reply.
        if (count > st.block_size) {
          auto rp = self->make_response_promise();
          self->request(st.source, caf::infinite, model::reserve_block_atom::value, table, count)
              .then([rp](std::int64_t first) mutable { rp.deliver(first); },
                    [rp](caf::error& e) mutable { rp.deliver(std::move(e)); });
          return rp;
        }
        auto& t = st.tables[table];
        if (t.waiting.empty())
          if (auto first = t.take(count)) {
            fetch_if_needed(self, table);
            return *first;
          }
        t.waiting.push_back({count, self->make_response_promise()});
        auto& promise = t.waiting.back().promise;
        fetch_if_needed(self, table);
        return promise;
      },
  };
}

}  // namespace

caf::actor spawn_id_allocator(caf::actor_system& sys, std::vector<std::int64_t> max_ids) {
  return sys.spawn(id_allocator, std::move(max_ids));
}

caf::actor spawn_block_id_allocator(caf::actor_system& sys, caf::actor block_source,
                                    std::int64_t block_size) {
  return sys.spawn(block_id_allocator, std::move(block_source), block_size);
}

}  // namespace shop
