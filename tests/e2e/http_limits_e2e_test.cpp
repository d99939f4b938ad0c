// The limits that keep one client from taking the server from the others, over real loopback HTTP
// against shop-server: header fields and bytes (431), a body trickled in (cut at the read
// deadline), and requests in flight (503 with Retry-After beyond the cap). Each time the server
// keeps serving everyone else.
#include <cppconn/statement.h>

#include <catch2/catch.hpp>
#include <future>
#include <memory>
#include <string>

#include "tests/support/error_assertions.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"
#include "tests/support/wait_until.hpp"

namespace {

using namespace std::chrono_literals;
using shop::test::http_call;
using shop::test::http_connection;
using shop::test::http_result;
using shop::test::require_error;
using shop::test::server_process;

void require_alive(unsigned short port) {
  auto r = http_call(port, "GET", "/health/live");
  INFO(r.body);
  REQUIRE(r.status == 200);
}

// A GET of /health/live with Host and `extra` more header fields of `value`.
std::string request_with_fields(int extra, const std::string& value = "v") {
  std::string req = "GET /health/live HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < extra; ++i) req += "X-Filler-" + std::to_string(i) + ": " + value + "\r\n";
  return req + "\r\n";
}

// Sends `raw` on a new connection; the first bytes the server answers.
std::string answer_to(unsigned short port, const std::string& raw) {
  http_connection c(port);
  c.send_raw(raw);
  return c.read_some_raw(5s);
}

// A raw answer is a 431 with the shop's error body and closes its connection.
void require_431_and_close(unsigned short port, const std::string& raw) {
  http_connection c(port);
  c.send_raw(raw);
  const auto answer = c.read_some_raw(5s);
  INFO(answer);
  CHECK(answer.rfind("HTTP/1.1 431", 0) == 0);
  CHECK(answer.find(R"("code":"INVALID_ARGUMENT")") != std::string::npos);
  CHECK(c.closed_by_peer(5s));
}

}  // namespace

TEST_CASE("Too many header fields, or too many header bytes, get 431 and the connection closes",
          "[e2e][hardening][limits]") {
  shop::test::reset_database();

  SECTION("the defaults: 100 fields, 16 KiB") {
    server_process server{SHOP_SERVER_BIN};
    server.start();
    const auto port = server.port();

    require_431_and_close(port, request_with_fields(200));
    require_431_and_close(port, request_with_fields(1, std::string(20000, 'h')));
    // Within both limits the same request is served.
    const auto fine = answer_to(port, request_with_fields(90));
    INFO(fine);
    CHECK(fine.rfind("HTTP/1.1 200", 0) == 0);
    require_alive(port);
    CHECK(server.running());
  }

  SECTION("SHOP_HTTP_MAX_HEADER_FIELDS and SHOP_HTTP_MAX_HEADER_BYTES") {
    server_process server{
        SHOP_SERVER_BIN,
        {{"SHOP_HTTP_MAX_HEADER_FIELDS", "20"}, {"SHOP_HTTP_MAX_HEADER_BYTES", "4096"}}};
    server.start();
    const auto port = server.port();

    require_431_and_close(port, request_with_fields(20));  // Host + 20
    require_431_and_close(port, request_with_fields(1, std::string(6000, 'h')));
    const auto fine = answer_to(port, request_with_fields(19, std::string(100, 'h')));
    INFO(fine);
    CHECK(fine.rfind("HTTP/1.1 200", 0) == 0);
    require_alive(port);
  }
}

TEST_CASE("A body trickled in is cut off at the read deadline while other clients are served",
          "[e2e][hardening][limits][timeout]") {
  shop::test::reset_database();
  server_process server{SHOP_SERVER_BIN, {{"SHOP_HTTP_READ_TIMEOUT_MS", "500"}}};
  server.start();
  const auto port = server.port();

  // A whole header announcing a product of 1,000 bytes, then one byte of it every 100 ms: each
  // byte comes well within the timeout, so only a deadline for the whole request stops it.
  http_connection slow(port);
  slow.send_raw("POST /admin/products HTTP/1.1\r\nHost: x\r\nAuthorization: " +
                server_process::admin_bearer() +
                "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\": \"");
  bool closed = false;
  bool others_served = true;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; !closed && std::chrono::steady_clock::now() - start < 10s; ++i) {
    try {
      slow.send_raw("x");
    } catch (const std::runtime_error&) {
      closed = true;  // reset or broken pipe: the server has closed it
      break;
    }
    closed = slow.closed_by_peer(100ms);
    if (i == 2) others_served = http_call(port, "GET", "/health/live").status == 200;
  }
  CHECK(closed);
  CHECK(others_served);

  // Nothing of the cut request was acted on, and the server is unharmed.
  require_alive(port);
  auto list = http_call(port, "GET", "/api/products");
  REQUIRE(list.status == 200);
  CHECK(list.json().at("totalItems") == 0);
  CHECK(server.running());
}

TEST_CASE("Requests beyond SHOP_HTTP_MAX_IN_FLIGHT get 503 with Retry-After, the rest are served",
          "[e2e][hardening][limits]") {
  shop::test::reset_database();
  // Eight readers: the two held product lists below each get a database connection of their own.
  server_process server{SHOP_SERVER_BIN,
                        {{"SHOP_HTTP_MAX_IN_FLIGHT", "2"}, {"SHOP_DB_READERS", "8"}}};
  server.start();
  const auto port = server.port();
  require_alive(port);

  // The test's own session write-locks the products table: a product list then waits in the
  // database, holding its place in flight until the lock is released.
  auto lock = shop::test::test_connection();
  std::unique_ptr<sql::Statement> st(lock->createStatement());
  st->execute("LOCK TABLES products WRITE");
  auto waiting_lists = [] {
    return shop::test::query_int(
        "SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE "
        "'SELECT COUNT(*) FROM products p%'");
  };
  auto list = [port] { return http_call(port, "GET", "/api/products", "", {}, 30s); };
  auto held_a = std::async(std::launch::async, list);
  REQUIRE(shop::test::wait_until([&] { return waiting_lists() == 1; }, 10s));
  auto held_b = std::async(std::launch::async, list);
  REQUIRE(shop::test::wait_until([&] { return waiting_lists() == 2; }, 10s));

  // Two in flight: a third request, even one that needs no database, is refused at once, not
  // queued behind them.
  http_connection third(port);
  const auto refused = third.call("GET", "/health/live");
  require_error(refused, 503, "SERVICE_UNAVAILABLE");
  CHECK(refused.headers.count("retry-after") == 1);
  CHECK(refused.json().at("message") == "too many requests in progress; retry");

  st->execute("UNLOCK TABLES");
  const auto a = held_a.get();
  const auto b = held_b.get();
  INFO(a.body << " / " << b.body);
  CHECK(a.status == 200);
  CHECK(b.status == 200);

  // The refused client retries on the same connection and is served; so is everyone else.
  CHECK(third.call("GET", "/health/live").status == 200);
  require_alive(port);
  CHECK(server.running());
}
