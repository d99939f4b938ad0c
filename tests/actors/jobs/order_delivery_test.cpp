// Delivery of paid orders to the data platform through the actor system, the real journal, readers
// and id allocator on the test database, and the real HTTP transport to a receiver on loopback.
#include "actors/jobs/order_delivery.hpp"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <catch2/catch.hpp>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "actors/hosting/clock.hpp"
#include "http/data_platform_client.hpp"
#include "metrics/metrics.hpp"
#include "tests/support/data_platform_receiver.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace shop;
using nlohmann::json;
using clock_type = std::chrono::steady_clock;

namespace {

// Polls `cond` every 20 ms until it holds or `limit` passes.
bool eventually(const std::function<bool()>& cond,
                std::chrono::seconds limit = std::chrono::seconds(10)) {
  const auto deadline = clock_type::now() + limit;
  while (!cond()) {
    if (clock_type::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// Order `id` of user 7, PAID at 2026-11-23T10:20:30.123Z, two lines, in the outbox (unless told
// otherwise): what the payment's unit leaves behind.
void insert_paid_order(std::int64_t id, bool in_outbox = true) {
  const auto n = std::to_string(id);
  test::execute(
      "INSERT INTO orders (id, user_id, status, total_amount, discount_amount, paid_amount,"
      " user_coupon_id, created_at, expires_at, paid_at, version) VALUES (" +
      n +
      ", 7, 'PAID', 121000, 0, 121000, NULL, '2026-11-23 10:15:30.000',"
      " '2026-11-23 10:25:30.000', '2026-11-23 10:20:30.123', 2)");
  test::execute(
      "INSERT INTO order_items (id, order_id, product_id, product_option_id, product_name,"
      " option_name, unit_price, quantity, version) VALUES (" +
      std::to_string(id * 10) + ", " + n + ", 1, 11, 'Linen shirt', 'M', 39000, 3, 1), (" +
      std::to_string(id * 10 + 1) + ", " + n + ", 2, 21, 'Socks', 'Grey', 2000, 2, 1)");
  if (in_outbox)
    test::execute("INSERT INTO order_outbox (id, created_at, version) VALUES (" + n +
                  ", '2026-11-23 10:20:30.123', 1)");
}

std::int64_t outbox_rows() {
  return test::query_int("SELECT COUNT(*) FROM order_outbox");
}

struct failure_entry {
  std::int64_t order_id;
  std::int64_t attempt;
  std::string error;
  bool recent;  // created_at within the last 5 minutes (UTC)
};

std::vector<failure_entry> failure_log() {
  auto con = test::test_connection();
  std::unique_ptr<sql::Statement> st(con->createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
      "SELECT order_id, attempt, error, created_at > UTC_TIMESTAMP() - INTERVAL 5 MINUTE"
      " FROM transaction_out_failure_log ORDER BY order_id, attempt"));
  std::vector<failure_entry> out;
  while (rs->next())
    out.push_back({rs->getInt64(1), rs->getInt64(2), rs->getString(3), rs->getInt(4) == 1});
  return out;
}

// Calls of a transport, with their times (the transport runs on the delivery actor's thread).
struct call_log {
  std::mutex mu;
  std::vector<clock_type::time_point> at;
  std::size_t add() {
    std::lock_guard<std::mutex> lock(mu);
    at.push_back(clock_type::now());
    return at.size();
  }
  std::vector<clock_type::time_point> all() {
    std::lock_guard<std::mutex> lock(mu);
    return at;
  }
};

// How many calls of a transport are inside it at once. Each call waits (up to 2 s) for a second
// one to come in, so a delivery that sends one order at a time shows a peak of 1.
struct overlap_meter {
  std::mutex mu;
  std::condition_variable cv;
  int inside = 0;
  int peak = 0;
  std::optional<std::string> call() {
    std::unique_lock<std::mutex> lock(mu);
    peak = std::max(peak, ++inside);
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(2), [&] { return inside >= 2; });
    --inside;
    return std::nullopt;  // delivered
  }
  int peak_seen() {
    std::lock_guard<std::mutex> lock(mu);
    return peak;
  }
};

// Fails the first `failures` calls with "platform down (test), call N", then hands to `real`.
delivery_transport failing_first(std::size_t failures, std::shared_ptr<call_log> calls,
                                 delivery_transport real) {
  return [=](const model::order_record& o) -> std::optional<std::string> {
    const auto n = calls->add();
    if (n <= failures) return "platform down (test), call " + std::to_string(n);
    return real(o);
  };
}

struct delivery_fixture : test::runtime_fixture {
  test::data_platform_receiver receiver;
  caf::actor delivery;

  ~delivery_fixture() { stop_delivery(); }

  delivery_transport real_transport() {
    return http::make_data_platform_transport(receiver.url(), std::chrono::seconds(2));
  }

  void start_delivery(delivery_transport t, std::chrono::milliseconds scan_interval,
                      std::size_t couriers = delivery_options{}.couriers) {
    delivery_options o;
    o.couriers = couriers;
    o.retry_base = std::chrono::milliseconds(50);
    o.retry_max = std::chrono::milliseconds(1000);
    o.scan_interval = scan_interval;
    delivery =
        spawn_order_delivery(sys, rt->ctx.journal, rt->ctx.readers, rt->ctx.ids, std::move(t), o);
  }

  // As the runtime does at shutdown; its couriers are detached, so the system waits for them.
  void stop_delivery() {
    if (!delivery) return;
    caf::scoped_actor self{sys};
    self->monitor(delivery);
    caf::anon_send_exit(delivery, caf::exit_reason::user_shutdown);
    self->receive([](const caf::down_msg&) {});
    delivery = nullptr;
  }
};

}  // namespace

TEST_CASE("a paid order found in the outbox is retried with backoff until delivered",
          "[actors][delivery]") {
  delivery_fixture f;
  insert_paid_order(100);
  auto calls = std::make_shared<call_log>();
  // A long scan interval: only the scan at start finds the order, retries come from the backoff.
  f.start_delivery(failing_first(2, calls, f.real_transport()), std::chrono::minutes(1));

  REQUIRE(eventually([] { return outbox_rows() == 0; }));
  REQUIRE(eventually([] { return failure_log().size() == 2; }));
  auto log = failure_log();
  CHECK(log[0].order_id == 100);
  CHECK(log[0].attempt == 1);
  CHECK(log[0].error == "platform down (test), call 1");
  CHECK(log[1].attempt == 2);
  CHECK(log[1].error == "platform down (test), call 2");
  CHECK(log[0].recent);
  CHECK(log[1].recent);

  auto at = calls->all();
  REQUIRE(at.size() == 3);
  CHECK(at[1] - at[0] >= std::chrono::milliseconds(50));   // retry_base
  CHECK(at[2] - at[1] >= std::chrono::milliseconds(100));  // doubled

  auto got = f.receiver.accepted();
  REQUIRE(got.size() == 1);
  CHECK(got[0].idempotency_key == "order-100");
  auto j = json::parse(got[0].body);
  CHECK(j.at("orderId") == 100);
  CHECK(j.at("userId") == 7);
  CHECK(j.at("paidAmount") == 121000);
  CHECK(j.at("couponId").is_null());
  CHECK(j.at("paidAt") == "2026-11-23T10:20:30.123Z");
  CHECK(j.at("items").size() == 2);
}

TEST_CASE("a payment's deliver message is tried at once, and delivered once",
          "[actors][delivery]") {
  delivery_fixture f;
  // Not in the outbox, so no scan can find it: only the message can get it delivered.
  insert_paid_order(200, false);
  f.start_delivery(f.real_transport(), std::chrono::hours(1));
  model::order_record order;
  order.row = {200,
               7,
               model::order_status::paid,
               121000,
               0,
               121000,
               0,
               1795425330000,
               1795425930000,
               1795425630123,
               2};
  order.items = {{2000, 200, 1, 11, "Linen shirt", "M", 39000, 3, 1},
                 {2001, 200, 2, 21, "Socks", "Grey", 2000, 2, 1}};
  caf::anon_send(f.delivery, deliver_atom::value, order);
  caf::anon_send(f.delivery, deliver_atom::value, order);  // a repeat is not a second delivery

  REQUIRE(f.receiver.wait_until([](const auto& got) { return !got.empty(); },
                                std::chrono::seconds(10)));
  f.stop_delivery();  // whatever was still queued has been handled
  auto got = f.receiver.accepted();
  REQUIRE(got.size() == 1);
  CHECK(got[0].idempotency_key == "order-200");
  CHECK(failure_log().empty());
}

TEST_CASE("an order still undelivered when delivery stops is delivered after a restart",
          "[actors][delivery]") {
  delivery_fixture f;
  insert_paid_order(300);
  auto calls = std::make_shared<call_log>();
  f.start_delivery(failing_first(1000, calls, nullptr), std::chrono::minutes(1));
  REQUIRE(eventually([] { return failure_log().size() >= 2; }));
  f.stop_delivery();  // the process ends with the order undelivered
  CHECK(outbox_rows() == 1);
  CHECK(f.receiver.received().empty());

  f.start_delivery(f.real_transport(), std::chrono::minutes(1));
  REQUIRE(eventually([] { return outbox_rows() == 0; }));
  auto got = f.receiver.accepted();
  REQUIRE(got.size() == 1);
  CHECK(got[0].idempotency_key == "order-300");
}

TEST_CASE("a failed delivery tells operators when its retry is due", "[actors][delivery]") {
  delivery_fixture f;
  auto& next_retry = shop::metrics::global().delivery_next_retry_ms;
  next_retry.set(0);
  insert_paid_order(310);
  auto calls = std::make_shared<call_log>();
  const auto before = shop::wall_clock_ms();
  f.start_delivery(failing_first(1000, calls, nullptr), std::chrono::minutes(1));
  REQUIRE(eventually([] { return failure_log().size() >= 1; }));
  // Due after the failure, and no later than the longest backoff (a minute) from now.
  CHECK(next_retry.value() > before);
  CHECK(next_retry.value() <= shop::wall_clock_ms() + 60'000);
  f.stop_delivery();
}

TEST_CASE("frequent scans do not deliver an order twice", "[actors][delivery]") {
  delivery_fixture f;
  for (std::int64_t id = 401; id <= 405; ++id) insert_paid_order(id);
  f.start_delivery(f.real_transport(), std::chrono::milliseconds(10));
  REQUIRE(eventually([] { return outbox_rows() == 0; }));
  // Scans keep running; give them a few rounds to find anything twice.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto got = f.receiver.accepted();
  std::set<std::string> keys;
  for (const auto& d : got) keys.insert(d.idempotency_key);
  CHECK(got.size() == 5);
  CHECK(keys ==
        std::set<std::string>{"order-401", "order-402", "order-403", "order-404", "order-405"});
}

TEST_CASE("orders that keep failing at the start of the outbox do not hide the ones behind them",
          "[actors][delivery]") {
  delivery_fixture f;
  // More failing orders than one scan reads (100), then orders the platform takes.
  for (std::int64_t id = 1; id <= 110; ++id) insert_paid_order(id);
  auto real = f.real_transport();
  f.start_delivery(
      [real](const model::order_record& o) -> std::optional<std::string> {
        if (o.row.id <= 100) return std::string("refused (test)");
        return real(o);
      },
      std::chrono::milliseconds(50));
  REQUIRE(eventually([&] { return f.receiver.accepted().size() == 10; }));
  // The last deletions may still be committing (several couriers deliver at once).
  REQUIRE(eventually([] { return outbox_rows() == 100; }));
  CHECK(f.receiver.accepted().size() == 10);
}

TEST_CASE("a slow platform takes several orders at once, never more than the couriers",
          "[actors][delivery]") {
  delivery_fixture f;
  for (std::int64_t id = 501; id <= 508; ++id) insert_paid_order(id);
  auto meter = std::make_shared<overlap_meter>();
  f.start_delivery([meter](const model::order_record&) { return meter->call(); },
                   std::chrono::minutes(1), 3);
  // One at a time, eight orders would take 16 s here.
  REQUIRE(eventually([] { return outbox_rows() == 0; }));
  CHECK(meter->peak_seen() >= 2);
  CHECK(meter->peak_seen() <= 3);
  CHECK(failure_log().empty());
}
