// Paid orders reach the external data platform (API.md, "External data platform"), against
// shop-server as a process and a receiver on loopback: the body and Idempotency-Key, the failure
// log while the platform refuses, payments not waiting for the platform, delivery after kill -9,
// delivery switched off, and a bad url at start-up.
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/data_platform_receiver.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/shop_users.hpp"
#include "tests/support/test_database.hpp"

namespace {

using namespace shop::test;
using nlohmann::json;
using clock_type = std::chrono::steady_clock;

constexpr auto patience = std::chrono::seconds(20);

// Polls `cond` every 20 ms until it holds or `limit` passes.
bool eventually(const std::function<bool()>& cond, std::chrono::seconds limit = patience) {
  const auto deadline = clock_type::now() + limit;
  while (!cond()) {
    if (clock_type::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::map<std::string, std::string> delivery_env(const data_platform_receiver& r) {
  return {{"SHOP_DATA_PLATFORM_URL", r.url("/ingest/orders")},
          {"SHOP_DATA_PLATFORM_RETRY_BASE_MS", "100"},
          {"SHOP_DATA_PLATFORM_TIMEOUT_MS", "1000"}};
}

struct option_ref {
  std::int64_t product_id = 0;
  std::int64_t option_id = 0;
};

// POST /admin/products: "Linen shirt" at 39000 with option "M" (+1000) holding `stock`.
option_ref create_shirt(unsigned short port, std::int64_t stock = 100) {
  json body = {
      {"name", "Linen shirt"},
      {"description", "for delivery tests"},
      {"category", "apparel"},
      {"price", 39000},
      {"available", true},
      {"options", json::array({{{"name", "M"}, {"additionalPrice", 1000}, {"stock", stock}}})}};
  auto r = http_call(port, "POST", "/admin/products", body.dump(), server_process::admin_headers());
  INFO("POST /admin/products -> " << r.status << " " << r.body);
  REQUIRE(r.status == 201);
  auto j = r.json();
  return {j.at("productId").get<std::int64_t>(),
          j.at("options").at(0).at("optionId").get<std::int64_t>()};
}

// POST /api/orders for `quantity` of `option`; requires 201; returns the order id.
std::int64_t place_order(unsigned short port, const shop_user& u, const option_ref& o,
                         std::int64_t quantity) {
  json body = {
      {"userId", u.id},
      {"items", json::array({{{"productOptionId", o.option_id}, {"quantity", quantity}}})}};
  auto r = http_call(port, "POST", "/api/orders", body.dump(), bearer(u));
  INFO("POST /api/orders " << body.dump() << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 201);
  return r.json().at("orderId").get<std::int64_t>();
}

// POST /api/orders/{id}/payment without a coupon; requires 200; returns the body.
json pay(unsigned short port, const shop_user& u, std::int64_t order) {
  auto r = http_call(port, "POST", "/api/orders/" + std::to_string(order) + "/payment",
                     json{{"userId", u.id}}.dump(), bearer(u));
  INFO("pay order " << order << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  return r.json();
}

std::string key_of(std::int64_t order) {
  return "order-" + std::to_string(order);
}

// Deliveries of `order` the receiver answered 2xx.
std::vector<received_delivery> accepted_for(const data_platform_receiver& r, std::int64_t order) {
  std::vector<received_delivery> out;
  for (auto& d : r.accepted())
    if (d.idempotency_key == key_of(order)) out.push_back(std::move(d));
  return out;
}

bool in_outbox(std::int64_t order) {
  return query_int("SELECT COUNT(*) FROM order_outbox WHERE id = " + std::to_string(order)) == 1;
}

struct failure_entry {
  std::int64_t attempt;
  std::string error;
};

std::vector<failure_entry> failures_of(std::int64_t order) {
  auto con = test_connection();
  std::unique_ptr<sql::Statement> st(con->createStatement());
  std::unique_ptr<sql::ResultSet> rs(
      st->executeQuery("SELECT attempt, error FROM transaction_out_failure_log WHERE order_id = " +
                       std::to_string(order) + " ORDER BY attempt, id"));
  std::vector<failure_entry> out;
  while (rs->next()) out.push_back({rs->getInt64(1), rs->getString(2)});
  return out;
}

struct delivery_fixture {
  delivery_fixture() {
    reset_database();
    server.start();
  }
  data_platform_receiver receiver;  // before the server, whose environment names it
  server_process server{SHOP_SERVER_BIN, delivery_env(receiver)};
  unsigned short port() const { return server.port(); }
};

}  // namespace

TEST_CASE_METHOD(delivery_fixture, "delivery: a paid order reaches the data platform, once",
                 "[e2e][delivery]") {
  auto shirt = create_shirt(port());
  auto kim = create_user(port(), "kim", 1000000);
  const auto paid = place_order(port(), kim, shirt, 3);
  const auto unpaid = place_order(port(), kim, shirt, 1);
  auto receipt = pay(port(), kim, paid);

  REQUIRE(eventually([&] { return !accepted_for(receiver, paid).empty(); }));
  auto d = accepted_for(receiver, paid).front();
  CHECK(d.method == "POST");
  CHECK(d.target == "/ingest/orders");
  CHECK(d.content_type == "application/json");
  auto j = json::parse(d.body);
  CHECK(j.at("orderId") == paid);
  CHECK(j.at("userId") == kim.id);
  CHECK(j.at("status") == "PAID");
  CHECK(j.at("totalAmount") == 120000);
  CHECK(j.at("discountAmount") == 0);
  CHECK(j.at("paidAmount") == 120000);
  CHECK(j.at("paidAmount") == receipt.at("paidAmount"));
  CHECK(j.at("couponId").is_null());
  CHECK(j.at("paidAt") == receipt.at("paidAt"));
  REQUIRE(j.at("items").size() == 1);
  CHECK(j.at("items").at(0) == json{{"productId", shirt.product_id},
                                    {"productOptionId", shirt.option_id},
                                    {"productName", "Linen shirt"},
                                    {"optionName", "M"},
                                    {"unitPrice", 40000},
                                    {"quantity", 3},
                                    {"subtotal", 120000}});

  CHECK(eventually([&] { return !in_outbox(paid); }));  // delivered: the outbox forgets it
  CHECK(failures_of(paid).empty());
  CHECK(accepted_for(receiver, paid).size() == 1);
  CHECK(receiver.received().size() == 1);  // the PENDING order is not delivered
  CHECK(accepted_for(receiver, unpaid).empty());
}

TEST_CASE_METHOD(delivery_fixture,
                 "delivery: a refusing platform fills the failure log until it recovers",
                 "[e2e][delivery]") {
  auto shirt = create_shirt(port());
  auto kim = create_user(port(), "kim", 1000000);
  const auto order = place_order(port(), kim, shirt, 1);
  receiver.refuse(true);
  pay(port(), kim, order);

  REQUIRE(eventually([&] { return failures_of(order).size() >= 3; }));
  CHECK(in_outbox(order));
  receiver.refuse(false);
  REQUIRE(eventually([&] { return !accepted_for(receiver, order).empty(); }));
  REQUIRE(eventually([&] { return !in_outbox(order); }));

  auto log = failures_of(order);
  for (std::size_t i = 0; i < log.size(); ++i) {
    INFO("failure row " << i << ": attempt " << log[i].attempt << " " << log[i].error);
    CHECK(log[i].attempt == static_cast<std::int64_t>(i) + 1);  // one row per failed attempt
    CHECK(log[i].error.find("503") != std::string::npos);
  }
  // Every attempt, refused or not, carried the same key, so the platform can drop repeats.
  for (const auto& d : receiver.received()) CHECK(d.idempotency_key == key_of(order));
  CHECK(receiver.received().size() == log.size() + accepted_for(receiver, order).size());
}

TEST_CASE_METHOD(delivery_fixture, "delivery: a platform that never answers does not slow payments",
                 "[e2e][delivery]") {
  auto shirt = create_shirt(port());
  auto kim = create_user(port(), "kim", 1000000);
  receiver.stall(true);  // each attempt waits for the 1 s timeout
  std::vector<std::int64_t> orders;
  for (int i = 0; i < 3; ++i) orders.push_back(place_order(port(), kim, shirt, 1));
  for (auto order : orders) {
    const auto start = clock_type::now();
    pay(port(), kim, order);
    CHECK(clock_type::now() - start < std::chrono::milliseconds(900));
  }
  REQUIRE(eventually([&] { return !failures_of(orders[0]).empty(); }));
  CHECK(failures_of(orders[0]).front().error.find("timed out") != std::string::npos);
  receiver.stall(false);
  for (auto order : orders) {
    INFO("order " << order);
    CHECK(eventually([&] { return !accepted_for(receiver, order).empty(); }));
    CHECK(eventually([&] { return !in_outbox(order); }));
  }
}

TEST_CASE_METHOD(delivery_fixture,
                 "delivery: an order paid before kill -9 is delivered after restart",
                 "[e2e][delivery][crash]") {
  auto shirt = create_shirt(port());
  auto kim = create_user(port(), "kim", 1000000);
  const auto order = place_order(port(), kim, shirt, 2);
  receiver.refuse(true);  // so the crash surely comes before the delivery
  pay(port(), kim, order);
  REQUIRE(eventually([&] { return !failures_of(order).empty(); }));
  server.kill9();
  REQUIRE_FALSE(server.running());
  CHECK(in_outbox(order));
  CHECK(accepted_for(receiver, order).empty());

  receiver.refuse(false);
  server.start();
  REQUIRE(eventually([&] { return !accepted_for(receiver, order).empty(); }));
  CHECK(json::parse(accepted_for(receiver, order).front().body).at("orderId") == order);
  CHECK(eventually([&] { return !in_outbox(order); }));
}

TEST_CASE("delivery: with an empty url nothing is sent, orders wait in the outbox",
          "[e2e][delivery]") {
  reset_database();
  data_platform_receiver receiver;
  auto off = delivery_env(receiver);
  off["SHOP_DATA_PLATFORM_URL"] = "";
  server_process server{SHOP_SERVER_BIN, off};
  server.start();
  auto shirt = create_shirt(server.port());
  auto kim = create_user(server.port(), "kim", 1000000);
  const auto order = place_order(server.port(), kim, shirt, 1);
  pay(server.port(), kim, order);
  CHECK(server.terminate() == 0);
  CHECK(in_outbox(order));
  CHECK(receiver.received().empty());

  // Switched on later, the platform still gets what was paid meanwhile.
  server_process on{SHOP_SERVER_BIN, delivery_env(receiver)};
  on.start();
  REQUIRE(eventually([&] { return !accepted_for(receiver, order).empty(); }));
  CHECK(eventually([&] { return !in_outbox(order); }));
  CHECK(on.terminate() == 0);  // SIGTERM also ends the delivery actor
}

TEST_CASE("delivery: a bad data_platform.url stops start-up with exit code 2",
          "[e2e][delivery][config]") {
  for (const char* url : {"https://dp.example/orders", "dp.example/orders", "http://:80/x"}) {
    INFO(url);
    const std::string cmd = std::string("env -i SHOP_JWT_SECRET=x SHOP_HTTP_PORT=0 ") +
                            "SHOP_DATA_PLATFORM_URL='" + url + "' " + SHOP_SERVER_BIN +
                            " 2>&1 >/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string err;
    std::array<char, 512> buf{};
    while (std::fgets(buf.data(), buf.size(), p)) err += buf.data();
    const int status = pclose(p);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    CHECK(err.find("SHOP_DATA_PLATFORM_URL") != std::string::npos);
    CHECK(err.find(url) != std::string::npos);
  }
}
