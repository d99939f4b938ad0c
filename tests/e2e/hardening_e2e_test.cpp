// Bad input, protocol abuse and connection handling: the server answers with the documented error,
// never 5xx, and keeps serving.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/support/error_assertions.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

namespace {

using nlohmann::json;
using shop::test::header_list;
using shop::test::http_call;
using shop::test::http_connection;
using shop::test::http_result;
using shop::test::require_error;
using shop::test::server_process;

header_list admin() {
  return server_process::admin_headers();
}

struct created_product {
  std::int64_t product_id;
  std::int64_t option_id;
};

created_product create_product(unsigned short port) {
  json body = {
      {"name", "Lamp"},
      {"description", "desk lamp"},
      {"category", "home"},
      {"price", 25000},
      {"available", true},
      {"options", json::array({{{"name", "white"}, {"additionalPrice", 0}, {"stock", 7}}})}};
  auto r = http_call(port, "POST", "/admin/products", body.dump(), admin());
  INFO(r.body);
  REQUIRE(r.status == 201);
  auto j = r.json();
  return {j.at("productId").get<std::int64_t>(),
          j.at("options").at(0).at("optionId").get<std::int64_t>()};
}

void require_alive(unsigned short port) {
  auto r = http_call(port, "GET", "/health/live");
  INFO(r.body);
  REQUIRE(r.status == 200);
}

}  // namespace

TEST_CASE("Malformed requests get the documented 4xx, never 5xx, and change nothing",
          "[e2e][hardening]") {
  shop::test::reset_database();
  server_process server{SHOP_SERVER_BIN};
  server.start();
  const auto port = server.port();
  const auto p = create_product(port);
  const auto product_path = "/admin/products/" + std::to_string(p.product_id);
  const auto stock_path = "/admin/product-options/" + std::to_string(p.option_id) + "/stock";

  SECTION("bad JSON and non-object JSON -> 400 INVALID_JSON") {
    for (const char* body : {"{not json", "{\"delta\": 1", "", "null", "[1, 2]", "[{\"delta\": 1}]",
                             "\"text\"", "42", "{\"delta\": 1} trailing"}) {
      INFO("body: " << body);
      require_error(http_call(port, "POST", stock_path, body, admin()), 400, "INVALID_JSON");
      require_error(http_call(port, "PATCH", product_path, body, admin()), 400, "INVALID_JSON");
      require_error(http_call(port, "POST", "/admin/products", body, admin()), 400, "INVALID_JSON");
    }
  }

  SECTION("a body over 64 KiB -> 413 PAYLOAD_TOO_LARGE") {
    std::string big = R"({"name": ")" + std::string(70000 - 12, 'x') + R"("})";
    REQUIRE(big.size() == 70000);
    require_error(http_call(port, "POST", "/admin/products", big, admin()), 413,
                  "PAYLOAD_TOO_LARGE");
    require_error(http_call(port, "PATCH", product_path, big, admin()), 413, "PAYLOAD_TOO_LARGE");
    // Just under the limit is read (and refused only for its content).
    std::string fits = R"({"description": ")" + std::string(60000, 'y') + R"("})";
    auto r = http_call(port, "PATCH", product_path, fits, admin());
    INFO(r.body.substr(0, 300));
    CHECK(r.status != 413);
    CHECK(r.status < 500);
  }

  SECTION("unknown path -> 404 NOT_FOUND, wrong method -> 405 METHOD_NOT_ALLOWED") {
    for (const char* path :
         {"/api/nothing", "/", "/api/products/1/nothing", "/admin/nothing", "/api", "/health"}) {
      INFO(path);
      require_error(http_call(port, "GET", path), 404, "NOT_FOUND");
    }
    require_error(http_call(port, "DELETE", "/api/products"), 405, "METHOD_NOT_ALLOWED");
    require_error(http_call(port, "PUT", "/api/products"), 405, "METHOD_NOT_ALLOWED");
    require_error(http_call(port, "POST", "/api/products/1", "{}"), 405, "METHOD_NOT_ALLOWED");
    require_error(http_call(port, "GET", "/admin/products", "", admin()), 405,
                  "METHOD_NOT_ALLOWED");
    require_error(http_call(port, "DELETE", product_path, "", admin()), 405, "METHOD_NOT_ALLOWED");
  }

  SECTION("path ids that are not positive 64-bit integers -> 400 INVALID_ARGUMENT") {
    for (const char* id : {"abc", "0", "-1", "99999999999999999999", "1.5", "1e3", "0x10", "1a",
                           "18446744073709551616"}) {
      INFO("id: " << id);
      require_error(http_call(port, "GET", std::string("/api/products/") + id), 400,
                    "INVALID_ARGUMENT");
      require_error(http_call(port, "PATCH", std::string("/admin/products/") + id,
                              R"({"name": "x"})", admin()),
                    400, "INVALID_ARGUMENT");
      require_error(http_call(port, "POST", std::string("/admin/product-options/") + id + "/stock",
                              R"({"delta": 1})", admin()),
                    400, "INVALID_ARGUMENT");
    }
    // The largest 64-bit id is well-formed: simply not found.
    require_error(http_call(port, "GET", "/api/products/9223372036854775807"), 404,
                  "PRODUCT_NOT_FOUND");
  }

  SECTION("garbage on the wire -> 400 and the connection closes") {
    http_connection c(port);
    c.send_raw("THIS IS NOT HTTP\r\n\r\n");
    auto answer = c.read_some_raw(std::chrono::seconds(5));
    INFO(answer);
    CHECK(answer.rfind("HTTP/1.1 4", 0) == 0);
    CHECK(c.closed_by_peer(std::chrono::seconds(5)));
  }

  // Whatever happened above, the server still serves, and changed nothing.
  require_alive(port);
  auto d = http_call(port, "GET", "/api/products/" + std::to_string(p.product_id));
  REQUIRE(d.status == 200);
  CHECK(d.json().at("name") == "Lamp");
  CHECK(d.json().at("price") == 25000);
  CHECK(d.json().at("stock") == 7);
  CHECK(shop::test::query_int("SELECT COUNT(*) FROM products") == 1);
  CHECK(shop::test::query_int("SELECT stock FROM product_options WHERE id = " +
                              std::to_string(p.option_id)) == 7);
  CHECK(server.running());
}

TEST_CASE("A client that stops mid-request is disconnected after the read timeout",
          "[e2e][hardening][timeout]") {
  shop::test::reset_database();
  server_process server{SHOP_SERVER_BIN, {{"SHOP_HTTP_READ_TIMEOUT_MS", "500"}}};
  server.start();
  const auto port = server.port();

  http_connection slow(port);
  slow.send_raw("GET /api/prod");  // half a request line, then silence
  CHECK(slow.closed_by_peer(std::chrono::seconds(3)));

  http_connection slow_headers(port);
  slow_headers.send_raw("GET /health/live HTTP/1.1\r\nHost: x\r\n");  // headers never end
  CHECK(slow_headers.closed_by_peer(std::chrono::seconds(3)));

  // The server is unharmed.
  require_alive(port);
  CHECK(server.running());
}

TEST_CASE("Keep-alive: several requests on one connection are all answered",
          "[e2e][hardening][keep-alive]") {
  shop::test::reset_database();
  server_process server{SHOP_SERVER_BIN};
  server.start();
  const auto port = server.port();

  http_connection c(port);
  auto r1 = c.call("GET", "/health/live");
  CHECK(r1.status == 200);
  CHECK((r1.headers.count("connection") == 0 || r1.headers["connection"] != "close"));
  auto r2 = c.call("GET", "/api/products");
  INFO(r2.body);
  CHECK(r2.status == 200);
  CHECK(r2.json().at("totalItems") == 0);
  // An error answer does not end the connection either.
  auto r3 = c.call("GET", "/api/products/0");
  CHECK(r3.status == 400);
  auto r4 = c.call("POST", "/admin/products",
                   R"({"name":"A","category":"c","price":1,"options":[{"name":"o","stock":1}]})",
                   admin());
  INFO(r4.body);
  CHECK(r4.status == 201);
  auto r5 = c.call("GET", "/api/products");
  CHECK(r5.status == 200);
  CHECK(r5.json().at("totalItems") == 1);

  // Two requests written back to back (pipelined) are both answered, in order.
  http_connection pipe(port);
  pipe.send_raw(
      "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /api/products/0 HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string got;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline &&
         got.find("INVALID_ARGUMENT") == std::string::npos) {
    auto chunk = pipe.read_some_raw(std::chrono::milliseconds(500));
    got += chunk;
  }
  INFO(got);
  auto first = got.find("HTTP/1.1 200");
  auto second = got.find("HTTP/1.1 400");
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(first < second);
}
