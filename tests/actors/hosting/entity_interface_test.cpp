#include "actors/hosting/entity_interface.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "actors/entities/coupon_campaign_actor.hpp"
#include "actors/entities/order_actor.hpp"
#include "actors/entities/product_actor.hpp"
#include "actors/entities/product_option_actor.hpp"
#include "actors/entities/user_actor.hpp"

namespace shop {
namespace {

// The checks entity_registry::route makes before it builds a message. A message an entity does
// not handle fails them, so it does not compile; these show it for a few such messages.
static_assert(accepts_v<user_actor, charge_atom, std::int64_t, std::string>);
static_assert(!accepts_v<user_actor, charge_atom, std::int64_t>, "a charge names its key");
static_assert(!accepts_v<user_actor, adjust_stock_atom, std::int64_t>, "stock is an option's");
static_assert(!accepts_v<option_actor, pay_atom, std::int64_t, std::int64_t, std::string>);
static_assert(!accepts_v<order_actor, pay_atom, std::int64_t, std::int64_t, std::string>,
              "an order is paid with a receipt ticket, not a bare key");
static_assert(accepts_v<order_actor, pay_atom, std::int64_t, std::int64_t, receipt_ticket>);

// Every entity answers the lifecycle messages its shard and the operators send.
static_assert(accepts_v<product_actor, depth_atom> && accepts_v<option_actor, wake_atom> &&
              accepts_v<coupon_campaign_actor, passivate_atom> &&
              accepts_v<order_actor, inspect_atom> && accepts_v<user_actor, inspect_atom>);

// What each answers, as the routing helpers hand it to the caller's handler.
static_assert(std::is_same_v<reply_of_t<option_actor, stock_move_atom, stock_move, std::int64_t>,
                             stock_moved>);
static_assert(std::is_same_v<reply_of_t<order_actor, expire_atom>, bool>);
static_assert(
    std::is_void_v<reply_of_t<user_actor, coupon_issued_atom, persistence::user_coupon_row>>,
    "a notice has no answer");

static_assert(entity_kind_of<coupon_campaign_actor>::value == entity_kind::coupon);

// The reader pool is asked the same way (entity_lifecycle.hpp, actor_bridge::request).
static_assert(std::is_same_v<reply_of_t<persistence::reader_pool, model::load_user_atom,
                                        std::int64_t, std::int64_t>,
                             caf::optional<model::user_record>>);
static_assert(!accepts_v<persistence::reader_pool, model::load_user_atom, std::int64_t>,
              "a user's load says since when its idempotency records count");
static_assert(!accepts_v<persistence::reader_pool, view_atom>, "readers know no entity messages");

// And the journal writer (entity_lifecycle.hpp's persist).
static_assert(std::is_same_v<reply_of_t<persistence::journal_writer_actor, model::commit_atom,
                                        model::journal_unit>,
                             caf::ok_atom>);
static_assert(!accepts_v<persistence::journal_writer_actor, model::commit_atom, model::row_image>,
              "the journal commits units, not loose rows");

}  // namespace

TEST_CASE("a route checks the message against the entity's interface", "[actors][interface]") {
  // The checks above run at compile time; here only the routing they guard.
  entity_registry reg{{caf::actor{}}};
  auto r = reg.route<order_actor>(7, expire_atom::value);
  CHECK(r.msg.match_elements<route_atom, entity_key, caf::message>());
  CHECK(r.msg.get_as<entity_key>(1) == key_of(entity_kind::order, 7));
}

}  // namespace shop
