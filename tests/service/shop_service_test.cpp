// The service's own way to the actors: ids from the allocator, and entities asked only what their
// interface lists.
#include "service/shop_service.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <tuple>
#include <type_traits>

#include "actors/entities/order_actor.hpp"
#include "actors/entities/user_actor.hpp"
#include "tests/support/service_fixture.hpp"

using namespace shop;
using model::table_id;

namespace {

// Whether shop_service::ask_entity<Iface> can be called with the message Msg (a tuple).
template <class Iface, class Msg, class = void>
struct service_asks : std::false_type {};

template <class Iface, class... Ts>
struct service_asks<
    Iface, std::tuple<Ts...>,
    std::void_t<decltype(std::declval<const service::shop_service&>().template ask_entity<Iface>(
        std::int64_t{1}, {}, std::declval<Ts>()...))>> : std::true_type {};

static_assert(service_asks<user_actor, std::tuple<charge_atom, std::int64_t, std::string>>::value);
static_assert(!service_asks<user_actor, std::tuple<adjust_stock_atom, std::int64_t>>::value,
              "a user's actor holds no stock: asking it does not compile");
static_assert(!service_asks<order_actor,
                            std::tuple<pay_atom, std::int64_t, std::int64_t, std::string>>::value,
              "an order is paid with a receipt ticket, not a bare key");

}  // namespace

TEST_CASE("new ids come in consecutive blocks that never overlap", "[service]") {
  test::service_fixture f;
  auto ids = [&](std::int64_t n) {
    auto first = f.call<std::int64_t>(
        [&](auto done) { f.shop().next_ids(table_id::product_options, n, done); });
    REQUIRE(first);
    return *first;
  };
  auto a = ids(3);
  auto b = ids(1);
  auto c = ids(2);
  CHECK(a >= 1);
  CHECK(b == a + 3);
  CHECK(c == b + 1);
}
