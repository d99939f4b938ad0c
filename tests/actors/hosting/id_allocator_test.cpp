// The id allocator in block mode against a block source of the test's own (no database): ids are
// consecutive within a request, never handed out twice, taken from the blocks the source gave,
// and a source that cannot give a block fails the requests waiting for it.
#include "actors/hosting/id_allocator.hpp"

#include <algorithm>
#include <caf/all.hpp>
#include <catch2/catch.hpp>
#include <mutex>
#include <thread>

#include "actors/messages.hpp"
#include "actors/shop_error.hpp"
#include "model/id_block_protocol.hpp"

using namespace shop;

namespace {

// Every block the fake source gave, as [first, end).
struct given_blocks {
  std::mutex mutex;
  std::vector<std::pair<std::int64_t, std::int64_t>> blocks;
  std::vector<std::int64_t> sizes_asked;
  int failures_left = 0;  // this many requests fail first
};

// Gives blocks counting up from 1,000, leaving a gap of 50 after each (another node's block),
// after a short pause like a database round trip.
caf::behavior fake_source(caf::event_based_actor*, std::shared_ptr<given_blocks> given) {
  auto next = std::make_shared<std::int64_t>(1000);
  return {
      [=](model::reserve_block_atom, std::uint8_t, std::int64_t size) -> caf::result<std::int64_t> {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::lock_guard<std::mutex> lock{given->mutex};
        given->sizes_asked.push_back(size);
        if (given->failures_left > 0) {
          --given->failures_left;
          return make_error(model::storage_error::unavailable);
        }
        auto first = *next;
        *next += size + 50;
        given->blocks.emplace_back(first, first + size);
        return first;
      },
  };
}

struct allocator_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  std::shared_ptr<given_blocks> given = std::make_shared<given_blocks>();
  caf::actor source = sys.spawn<caf::detached>(fake_source, given);
  caf::actor ids;

  explicit allocator_fixture(std::int64_t block_size) {
    ids = spawn_block_id_allocator(sys, source, block_size);
  }
  ~allocator_fixture() {
    caf::anon_send_exit(ids, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(source, caf::exit_reason::user_shutdown);
  }

  caf::expected<std::int64_t> next(std::int64_t count, model::table_id t = model::table_id::users) {
    caf::scoped_actor self{sys};
    caf::expected<std::int64_t> out{caf::error{}};
    self->request(ids, std::chrono::seconds(10), next_id_atom::value, static_cast<std::uint8_t>(t),
                  count)
        .receive([&](std::int64_t first) { out = first; }, [&](caf::error& e) { out = e; });
    return out;
  }

  std::size_t blocks_given() {
    std::lock_guard<std::mutex> lock{given->mutex};
    return given->blocks.size();
  }

  // True if [first, first + count) lies within one block the source gave.
  bool within_a_block(std::int64_t first, std::int64_t count) {
    std::lock_guard<std::mutex> lock{given->mutex};
    for (auto [b, e] : given->blocks)
      if (first >= b && first + count <= e) return true;
    return false;
  }
};

}  // namespace

TEST_CASE("block mode: consecutive ids from the source's blocks, none twice, from many callers",
          "[actors][ids]") {
  allocator_fixture f{10};
  std::mutex mutex;
  std::vector<std::pair<std::int64_t, std::int64_t>> handed;  // [first, end)
  std::vector<std::thread> callers;
  for (int c = 0; c < 3; ++c)
    callers.emplace_back([&, c] {
      for (int i = 0; i < 100; ++i) {
        const std::int64_t count = 1 + (i + c) % 3;
        auto first = f.next(count);
        std::lock_guard<std::mutex> lock{mutex};
        if (first) handed.emplace_back(*first, *first + count);
      }
    });
  for (auto& t : callers) t.join();
  REQUIRE(handed.size() == 300);
  std::sort(handed.begin(), handed.end());
  for (std::size_t i = 1; i < handed.size(); ++i)
    CHECK(handed[i - 1].second <= handed[i].first);  // no id handed out twice
  for (auto [first, end] : handed) CHECK(f.within_a_block(first, end - first));
  std::lock_guard<std::mutex> lock{f.given->mutex};
  for (auto size : f.given->sizes_asked) CHECK(size == 10);
}

TEST_CASE("block mode: the next block is fetched ahead, once half of the current is used",
          "[actors][ids]") {
  allocator_fixture f{10};
  REQUIRE(f.next(1) == 1000);  // the first request waits for the first block
  for (std::int64_t i = 1; i < 5; ++i) CHECK(f.next(1) == 1000 + i);
  // Half of [1000, 1010) handed out: the next block is on its way before anyone needs it.
  for (int tries = 0; tries < 1000 && f.blocks_given() < 2; ++tries)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK(f.blocks_given() == 2);
  for (std::int64_t i = 5; i < 10; ++i) CHECK(f.next(1) == 1000 + i);
  CHECK(f.next(1) == 1060);  // the next block, after the 50 ids another node took
  // A request the current block cannot hold in one piece skips its rest.
  CHECK(f.next(8) == 1061);
  CHECK(f.next(5) == 1120);
}

TEST_CASE("block mode: a count larger than a block gets a block of its own", "[actors][ids]") {
  allocator_fixture f{10};
  auto first = f.next(25);
  REQUIRE(first);
  CHECK(f.within_a_block(*first, 25));
  std::lock_guard<std::mutex> lock{f.given->mutex};
  CHECK(f.given->sizes_asked == std::vector<std::int64_t>{25});
}

TEST_CASE("block mode: tables have blocks of their own", "[actors][ids]") {
  allocator_fixture f{10};
  auto user = f.next(1, model::table_id::users);
  auto order = f.next(1, model::table_id::orders);
  REQUIRE(user);
  REQUIRE(order);
  CHECK(*user == 1000);
  CHECK(*order == 1060);
}

TEST_CASE(
    "block mode: a source that cannot give a block fails the request, the next one asks again",
    "[actors][ids]") {
  allocator_fixture f{10};
  {
    std::lock_guard<std::mutex> lock{f.given->mutex};
    f.given->failures_left = 1;
  }
  auto failed = f.next(1);
  REQUIRE_FALSE(failed);
  CHECK(model::is(failed.error(), model::storage_error::unavailable));
  CHECK(f.next(1) == 1000);
  CHECK(f.next(0).error() == make_error(shop_error::invalid_argument));
  CHECK(f.next(1, model::table_id::count_).error() == make_error(shop_error::invalid_argument));
}
