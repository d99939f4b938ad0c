#include "actors/entities/idempotency_ledger.hpp"

#include <catch2/catch.hpp>

#include "actors/entities/reply_codec.hpp"
#include "actors/messages.hpp"
#include "model/idempotency_key_hash.hpp"

using namespace shop;
using verdict = idempotency_ledger::verdict;

namespace {

model::idempotency_row record(std::string key, std::string request, std::int64_t at) {
  return {1, 7, std::move(key), std::move(request), "reply", at, 1};
}

}  // namespace

TEST_CASE("idempotency keys are 1..64 visible ASCII characters", "[idempotency]") {
  CHECK(valid_idempotency_key("a"));
  CHECK(valid_idempotency_key(std::string(64, 'k')));
  CHECK(valid_idempotency_key("order-1_2.3~!"));
  CHECK_FALSE(valid_idempotency_key(""));
  CHECK_FALSE(valid_idempotency_key(std::string(65, 'k')));
  CHECK_FALSE(valid_idempotency_key("has space"));
  CHECK_FALSE(valid_idempotency_key("tab\t"));
  CHECK_FALSE(valid_idempotency_key("\x7f"));
  CHECK_FALSE(valid_idempotency_key("caf\xc3\xa9"));
}

TEST_CASE("a key acts once, then replays the same request and refuses another", "[idempotency]") {
  idempotency_ledger l;
  CHECK(l.check("k", "charge 5", 1000).v == verdict::fresh);
  l.begin("k", "charge 5");
  CHECK(l.check("k", "charge 5", 1000).v == verdict::in_progress);
  CHECK(l.check("k", "charge 6", 1000).v == verdict::conflict);
  l.remember(record("k", "charge 5", 1000));
  auto again = l.check("k", "charge 5", 2000);
  CHECK(again.v == verdict::replay);
  REQUIRE(again.record);
  CHECK(again.record->response == "reply");
  CHECK(l.check("k", "charge 6", 2000).v == verdict::conflict);
  CHECK(l.check("other", "charge 5", 2000).v == verdict::fresh);
}

TEST_CASE("a failed request leaves its key free for a retry", "[idempotency]") {
  idempotency_ledger l;
  l.begin("k", "charge 5");
  l.abandon("k");
  CHECK(l.check("k", "charge 5", 0).v == verdict::fresh);
  CHECK(l.check("k", "charge 6", 0).v == verdict::fresh);
}

TEST_CASE("a key is remembered for 24 hours", "[idempotency]") {
  idempotency_ledger l;
  l.remember(record("k", "charge 5", 0));
  CHECK(l.check("k", "charge 6", idempotency_window_ms - 1).v == verdict::conflict);
  CHECK(l.check("k", "charge 6", idempotency_window_ms).v == verdict::fresh);
  l.forget_expired(idempotency_window_ms - 1);
  CHECK(l.held() == 1);
  CHECK(l.stamped() == 1);
  l.forget_expired(idempotency_window_ms);
  CHECK(l.held() == 0);
  CHECK(l.stamped() == 0);
}

TEST_CASE("memory holds the newest records in full and only a stamp of older ones",
          "[idempotency]") {
  idempotency_ledger l;
  const auto n = idempotency_records_in_memory;
  for (std::size_t i = 0; i < n + 10; ++i)
    l.remember(record("k" + std::to_string(i), "charge " + std::to_string(i), 1000));
  CHECK(l.held() == n);
  CHECK(l.stamped() == n + 10);
  // The oldest ten are known only by their stamp: the caller must read them before acting.
  CHECK(l.check("k0", "charge 0", 2000).v == verdict::stored);
  CHECK(l.check("k0", "charge 1", 2000).v == verdict::stored);
  CHECK(l.check("k9", "charge 9", 2000).v == verdict::stored);
  CHECK(l.check("k10", "charge 10", 2000).v == verdict::replay);
  CHECK(l.check("k10", "charge 0", 2000).v == verdict::conflict);
  CHECK(l.check("unused", "charge 0", 2000).v == verdict::fresh);
  // A record read back answers from memory again, still within the limit.
  l.recall(record("k0", "charge 0", 1000));
  CHECK(l.check("k0", "charge 0", 2000).v == verdict::replay);
  CHECK(l.check("k0", "charge 1", 2000).v == verdict::conflict);
  CHECK(l.held() == n);
  CHECK(l.check("k10", "charge 10", 2000).v == verdict::stored);
}

TEST_CASE("stamps read at activation send their keys to the database, others act",
          "[idempotency]") {
  idempotency_ledger l;
  l.stamp({model::idempotency_key_hash("k"), 1000});
  CHECK(l.held() == 0);
  CHECK(l.check("k", "charge 5", 2000).v == verdict::stored);
  CHECK(l.check("other", "charge 5", 2000).v == verdict::fresh);
  // While the first request acts, a repeat waits rather than reading again.
  l.begin("k", "charge 5");
  CHECK(l.check("k", "charge 5", 2000).v == verdict::in_progress);
  CHECK(l.check("k", "charge 6", 2000).v == verdict::conflict);
  l.forget_expired(1000 + idempotency_window_ms);
  l.abandon("k");
  CHECK(l.check("k", "charge 5", 1000 + idempotency_window_ms).v == verdict::fresh);
}

TEST_CASE("a stored reply decodes to the very same value", "[idempotency]") {
  model::user_row row{7, "kim", 150000, 1700000000000, 3};
  auto text = encode_reply(row);
  CHECK_FALSE(text.empty());
  auto back = decode_reply<model::user_row>(text);
  REQUIRE(back);
  CHECK(back->id == 7);
  CHECK(back->name == "kim");
  CHECK(back->balance == 150000);
  CHECK(back->version == 3);
  CHECK_FALSE(decode_reply<model::user_row>("zz"));
  CHECK_FALSE(decode_reply<model::user_row>(text.substr(0, text.size() - 2)));
  CHECK_FALSE(decode_reply<model::user_row>(text + "00"));
}
