// A user's actor (wallet, cart, idempotency keys) through the actor system and the real database.
#include "actors/entities/user_actor.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "actors/entities/idempotency_ledger.hpp"
#include "actors/rules/wallet.hpp"
#include "actors/shop_error.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace shop;
using model::cart_item_row;
using model::user_row;

namespace {

const entity_key user_1 = key_of(entity_kind::user, 1);

void create_user(test::runtime_fixture& f, std::int64_t balance) {
  REQUIRE(f.ask<user_row>(user_1, create_atom::value, user_row{1, "kim", balance, 0, 1}));
}

void create_shirt(test::runtime_fixture& f, std::int64_t stock, bool available = true) {
  product_draft d{{1, "Linen shirt", "", "apparel", 39000, available, 0, 1},
                  {{11, 1, "M", 0, stock, 0, 1}, {12, 1, "L", 1000, stock, 0, 1}}};
  REQUIRE(f.ask<product_view>(key_of(entity_kind::product, 1), create_atom::value, d));
}

// Sends every message at once and collects the replies in order.
template <class Reply>
std::vector<caf::expected<Reply>> ask_all(test::runtime_fixture& f,
                                          const std::vector<caf::message>& msgs) {
  caf::scoped_actor self{f.sys};
  const auto& shard = f.rt->ctx.registry.shard_for(user_1);
  std::vector<decltype(self->request(shard, caf::infinite, caf::message{}))> pending;
  for (const auto& m : msgs)
    pending.push_back(
        self->request(shard, caf::infinite, caf::make_message(route_atom::value, user_1, m)));
  std::vector<caf::expected<Reply>> out;
  for (auto& h : pending)
    h.receive([&](Reply& r) { out.emplace_back(std::move(r)); },
              [&](caf::error& e) { out.emplace_back(std::move(e)); });
  return out;
}

}  // namespace

TEST_CASE("concurrent charges and debits never lose or invent a won", "[actors][wallet]") {
  test::runtime_fixture f;
  create_user(f, 1000);
  std::vector<caf::message> msgs;
  std::mt19937 rng{42};
  for (int i = 0; i < 600; ++i)
    msgs.push_back(rng() % 2 ? caf::make_message(charge_atom::value, std::int64_t{7}, std::string{})
                             : caf::make_message(debit_atom::value, std::int64_t{13}));
  auto replies = ask_all<user_row>(f, msgs);
  std::int64_t expected = 1000;
  int refused = 0;
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    bool is_charge = msgs[i].match_element<charge_atom>(0);
    if (replies[i]) {
      expected += is_charge ? 7 : -13;
      CHECK(replies[i]->balance >= 0);
    } else {
      CHECK(replies[i].error() == make_error(shop_error::insufficient_balance));
      ++refused;
    }
  }
  auto now = f.ask<user_row>(user_1, view_atom::value);
  REQUIRE(now);
  CHECK(now->balance == expected);
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == expected);
  INFO("refused debits: " << refused);
}

TEST_CASE("a debit larger than the balance is refused and changes nothing", "[actors][wallet]") {
  test::runtime_fixture f;
  create_user(f, 100);
  auto r = f.ask<user_row>(user_1, debit_atom::value, std::int64_t{101});
  REQUIRE_FALSE(r);
  CHECK(r.error() == make_error(shop_error::insufficient_balance));
  CHECK(f.ask<user_row>(user_1, view_atom::value)->balance == 100);
  CHECK(test::query_int("SELECT version FROM users WHERE id = 1") == 1);
}

TEST_CASE("an unknown user answers USER_NOT_FOUND to every request", "[actors][wallet]") {
  test::runtime_fixture f;
  auto k = key_of(entity_kind::user, 404);
  CHECK(f.ask<user_row>(k, view_atom::value).error() == make_error(shop_error::user_not_found));
  CHECK(f.ask<user_row>(k, charge_atom::value, std::int64_t{5}, std::string{}).error() ==
        make_error(shop_error::user_not_found));
  CHECK(f.ask<cart_view>(k, cart_view_atom::value).error() ==
        make_error(shop_error::user_not_found));
}

TEST_CASE("a cart line merges repeated adds and is capped by the option's live stock",
          "[actors][cart]") {
  test::runtime_fixture f;
  create_user(f, 0);
  create_shirt(f, 5);
  auto first =
      f.ask<cart_item_row>(user_1, cart_add_atom::value, std::int64_t{11}, std::int64_t{3});
  REQUIRE(first);
  auto merged =
      f.ask<cart_item_row>(user_1, cart_add_atom::value, std::int64_t{11}, std::int64_t{2});
  REQUIRE(merged);
  CHECK(merged->id == first->id);
  CHECK(merged->quantity == 5);
  auto over = f.ask<cart_item_row>(user_1, cart_add_atom::value, std::int64_t{11}, std::int64_t{1});
  REQUIRE_FALSE(over);
  CHECK(over.error() == make_error(shop_error::insufficient_stock));
  // A write-off lowers the cap for what is added next.
  REQUIRE(f.ask<model::option_row>(key_of(entity_kind::option, 12), adjust_stock_atom::value,
                                   std::int64_t{-4}));
  CHECK(f.ask<cart_item_row>(user_1, cart_add_atom::value, std::int64_t{12}, std::int64_t{2})
            .error() == make_error(shop_error::insufficient_stock));
  REQUIRE(f.ask<cart_item_row>(user_1, cart_add_atom::value, std::int64_t{12}, std::int64_t{1}));

  auto view = f.ask<cart_view>(user_1, cart_view_atom::value);
  REQUIRE(view);
  REQUIRE(view->items.size() == 2);
  CHECK(view->items[0].product_name == "Linen shirt");
  CHECK(view->items[0].option_name == "M");
  CHECK(view->items[0].unit_price == 39000);
  CHECK(view->items[0].subtotal == 5 * 39000);
  CHECK(view->items[1].unit_price == 40000);
  CHECK(view->total == 5 * 39000 + 40000);
  CHECK(test::query_int("SELECT quantity FROM cart_items WHERE product_option_id = 11") == 5);
}

TEST_CASE("a cart refuses unknown options and products not on sale", "[actors][cart]") {
  test::runtime_fixture f;
  create_user(f, 0);
  create_shirt(f, 5, false);
  CHECK(f.ask<cart_item_row>(user_1, cart_add_atom::value, std::int64_t{11}, std::int64_t{1})
            .error() == make_error(shop_error::product_unavailable));
  CHECK(f.ask<cart_item_row>(user_1, cart_add_atom::value, std::int64_t{99}, std::int64_t{1})
            .error() == make_error(shop_error::option_not_found));
  CHECK(f.ask<cart_item_row>(user_1, cart_add_atom::value, std::int64_t{11}, std::int64_t{0})
            .error() == make_error(shop_error::invalid_quantity));
  CHECK(test::query_int("SELECT COUNT(*) FROM cart_items") == 0);
}

TEST_CASE("a removed cart line is gone from memory and the database", "[actors][cart]") {
  test::runtime_fixture f;
  create_user(f, 0);
  create_shirt(f, 5);
  auto line = f.ask<cart_item_row>(user_1, cart_add_atom::value, std::int64_t{11}, std::int64_t{1});
  REQUIRE(line);
  REQUIRE(f.ask<caf::ok_atom>(user_1, cart_remove_atom::value, line->id));
  CHECK(f.ask<caf::ok_atom>(user_1, cart_remove_atom::value, line->id).error() ==
        make_error(shop_error::cart_item_not_found));
  CHECK(f.ask<cart_view>(user_1, cart_view_atom::value)->items.empty());
  CHECK(test::query_int("SELECT COUNT(*) FROM cart_items") == 0);
}

TEST_CASE("the wallet and cart come back after the user's actor passivates", "[actors][user]") {
  test::runtime_fixture f{std::chrono::milliseconds(100)};
  create_user(f, 10);
  create_shirt(f, 5);
  REQUIRE(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{5}, std::string{"k1"}));
  REQUIRE(f.ask<cart_item_row>(user_1, cart_add_atom::value, std::int64_t{11}, std::int64_t{2}));
  REQUIRE(f.wait_passivated(entity_kind::user));
  auto row = f.ask<user_row>(user_1, view_atom::value);
  REQUIRE(row);
  CHECK(row->balance == 15);
  auto view = f.ask<cart_view>(user_1, cart_view_atom::value);
  REQUIRE(view);
  REQUIRE(view->items.size() == 1);
  CHECK(view->items[0].quantity == 2);
  // The key was reloaded with the user: a repeat replays, a different request is refused.
  auto replay = f.ask<user_row>(user_1, charge_atom::value, std::int64_t{5}, std::string{"k1"});
  REQUIRE(replay);
  CHECK(replay->balance == 15);
  CHECK(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{6}, std::string{"k1"}).error() ==
        make_error(shop_error::idempotency_key_reused));
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == 15);
}

TEST_CASE("concurrent repeats of one idempotency key act once", "[actors][user]") {
  test::runtime_fixture f;
  create_user(f, 0);
  std::vector<caf::message> msgs(
      20, caf::make_message(charge_atom::value, std::int64_t{250}, std::string{"same-key"}));
  auto replies = ask_all<user_row>(f, msgs);
  for (auto& r : replies) {
    REQUIRE(r);
    CHECK(r->balance == 250);
  }
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == 250);
  CHECK(test::query_int("SELECT COUNT(*) FROM idempotency_keys WHERE user_id = 1") == 1);
}

TEST_CASE("a refusal by the shop's rules is the key's first answer too", "[actors][user]") {
  test::runtime_fixture f;
  create_user(f, rules::max_balance - 10);
  auto limit = make_error(shop_error::balance_limit_exceeded);
  CHECK(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{20}, std::string{"k"}).error() ==
        limit);
  // Even once the charge would fit, a repeat hears the first answer and nothing is charged.
  REQUIRE(f.ask<user_row>(user_1, debit_atom::value, std::int64_t{100}));
  CHECK(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{20}, std::string{"k"}).error() ==
        limit);
  CHECK(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{10}, std::string{"k"}).error() ==
        make_error(shop_error::idempotency_key_reused));
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == rules::max_balance - 110);
  CHECK(test::query_int("SELECT COUNT(*) FROM idempotency_keys WHERE user_id = 1") == 1);
}

namespace {

// Keyed charges of 1 won under "k0", "k1", ... until the oldest ten are no longer held in memory;
// returns the first reply.
user_row charge_past_memory(test::runtime_fixture& f) {
  user_row first;
  for (std::size_t i = 0; i < idempotency_records_in_memory + 10; ++i) {
    auto r = f.ask<user_row>(user_1, charge_atom::value, std::int64_t{1}, "k" + std::to_string(i));
    REQUIRE(r);
    if (i == 0) first = *r;
  }
  return first;
}

void check_same_row(const caf::expected<user_row>& got, const user_row& want) {
  REQUIRE(got);
  CHECK(got->id == want.id);
  CHECK(got->name == want.name);
  CHECK(got->balance == want.balance);
  CHECK(got->created_at_ms == want.created_at_ms);
  CHECK(got->version == want.version);
}

const std::int64_t past_memory = idempotency_records_in_memory + 10;

// A refusal with `e` (a reply instead fails the check rather than reading its error).
bool refused(const caf::expected<user_row>& r, shop_error e) {
  return !r && r.error() == make_error(e);
}

}  // namespace

TEST_CASE("a key older than the records held in memory still answers its first reply, once",
          "[actors][user][idempotency]") {
  test::runtime_fixture f;
  create_user(f, 0);
  auto first = charge_past_memory(f);
  CHECK(first.balance == 1);
  check_same_row(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{1}, std::string{"k0"}),
                 first);
  // Read back once, it answers from memory again: the same.
  check_same_row(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{1}, std::string{"k0"}),
                 first);
  CHECK(f.ask<user_row>(user_1, view_atom::value)->balance == past_memory);
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == past_memory);
  CHECK(test::query_int("SELECT COUNT(*) FROM idempotency_keys WHERE user_id = 1") == past_memory);
}

TEST_CASE("concurrent repeats of a key no longer held in memory act once and answer the same",
          "[actors][user][idempotency]") {
  test::runtime_fixture f;
  create_user(f, 0);
  auto first = charge_past_memory(f);
  std::vector<caf::message> msgs;
  for (int i = 0; i < 20; ++i)
    msgs.push_back(
        caf::make_message(charge_atom::value, std::int64_t{i % 2 ? 1 : 2}, std::string{"k1"}));
  auto replies = ask_all<user_row>(f, msgs);
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (i % 2) {
      REQUIRE(replies[i]);
      CHECK(replies[i]->balance == first.balance + 1);  // k1's first reply
    } else {
      CHECK(refused(replies[i], shop_error::idempotency_key_reused));
    }
  }
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == past_memory);
}

TEST_CASE("an old key reused for another request is refused with IDEMPOTENCY_KEY_REUSED",
          "[actors][user][idempotency]") {
  test::runtime_fixture f;
  create_user(f, 0);
  charge_past_memory(f);
  CHECK(refused(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{2}, std::string{"k0"}),
                shop_error::idempotency_key_reused));
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == past_memory);
}

TEST_CASE("after a restart an old key and a recent one answer their first replies",
          "[actors][user][idempotency]") {
  test::runtime_fixture f;
  create_user(f, 0);
  auto first = charge_past_memory(f);
  auto newest = f.ask<user_row>(user_1, charge_atom::value, std::int64_t{1},
                                "k" + std::to_string(past_memory - 1));
  REQUIRE(newest);
  f.restart();
  check_same_row(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{1}, std::string{"k0"}),
                 first);
  check_same_row(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{1},
                                 "k" + std::to_string(past_memory - 1)),
                 *newest);
  CHECK(refused(f.ask<user_row>(user_1, charge_atom::value, std::int64_t{2}, std::string{"k3"}),
                shop_error::idempotency_key_reused));
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == past_memory);
}

TEST_CASE("a key whose record is past its 24 hours acts anew though memory still stamps it",
          "[actors][user][idempotency]") {
  test::runtime_fixture f;
  create_user(f, 0);
  charge_past_memory(f);
  REQUIRE(f.rt->flush(std::chrono::seconds(30)));
  test::execute(
      "UPDATE idempotency_keys SET created_at = UTC_TIMESTAMP(3) - INTERVAL 25 HOUR "
      "WHERE idem_key = 'k0'");
  auto again = f.ask<user_row>(user_1, charge_atom::value, std::int64_t{5}, std::string{"k0"});
  REQUIRE(again);
  CHECK(again->balance == past_memory + 5);
  CHECK(test::query_int("SELECT balance FROM users WHERE id = 1") == past_memory + 5);
}
