// Tests of the HTTP front end against a real server on 127.0.0.1 (port 0): protocol, limits and
// errors. Starting and stopping (drain, stop) are in http_server_shutdown_test.cpp.

#include "http/http_server.hpp"

#include <condition_variable>

#include "tests/http/http_test_client.hpp"

using namespace shop::test::http_support;

TEST_CASE("make_error builds the JSON error body", "[http]") {
  const auto res = shop::http::make_error(bhttp::status::not_found, "NOT_FOUND",
                                          "no \"such\" product", 11, true);
  CHECK(res.result() == bhttp::status::not_found);
  CHECK(res[bhttp::field::content_type] == "application/json; charset=utf-8");
  CHECK(res.body() == R"({"code":"NOT_FOUND","message":"no \"such\" product"})");
  CHECK(res[bhttp::field::content_length] == std::to_string(res.body().size()));
  CHECK(res.keep_alive());

  const auto closing =
      shop::http::make_error(bhttp::status::bad_request, "INVALID_ARGUMENT", "x", 10, false);
  CHECK(closing.version() == 10);
  CHECK_FALSE(closing.keep_alive());

  // Invalid UTF-8 in the message must not throw.
  const auto odd =
      shop::http::make_error(bhttp::status::bad_request, "INVALID_ARGUMENT", "bad \xff byte");
  CHECK(nlohmann::json::parse(odd.body())["code"] == "INVALID_ARGUMENT");
}

TEST_CASE("echo with keep-alive: two requests on one connection", "[http]") {
  http_server srv("127.0.0.1", 0, test_limits(), echo_dispatch());
  srv.start();
  REQUIRE(srv.port() != 0);

  test_client c(srv.port());
  const auto r1 = c.roundtrip(make_request(bhttp::verb::post, "/echo/1", "hello"));
  CHECK(r1.result() == bhttp::status::ok);
  CHECK(r1.body() == "hello");
  CHECK(r1["X-Target"] == "/echo/1");
  CHECK(r1[bhttp::field::content_length] == "5");  // added by the server
  CHECK(r1.keep_alive());
  // An answer made without an X-Request-Id gets a new one, a different one each time.
  CHECK_FALSE(r1["X-Request-Id"].empty());

  const auto r2 = c.roundtrip(make_request(bhttp::verb::post, "/echo/2", "second body"));
  CHECK(r2.result() == bhttp::status::ok);
  CHECK(r2.body() == "second body");
  CHECK(r2["X-Target"] == "/echo/2");
  CHECK(r2.keep_alive());
  CHECK(r2["X-Request-Id"] != r1["X-Request-Id"]);
  CHECK(srv.open_connections() == 1);

  // Connection: close is honoured: answered, then closed.
  auto last = make_request(bhttp::verb::get, "/bye");
  last.keep_alive(false);
  const auto r3 = c.roundtrip(std::move(last));
  CHECK(r3.result() == bhttp::status::ok);
  CHECK_FALSE(r3.keep_alive());
  CHECK(is_closed_error(c.wait_closed()));
}

TEST_CASE("pipelined requests are answered in order one at a time", "[http]") {
  http_server srv("127.0.0.1", 0, test_limits(), echo_dispatch());
  srv.start();
  test_client c(srv.port());
  REQUIRE_FALSE(
      c.write_raw("POST /p1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
                  "GET /p2 HTTP/1.1\r\nHost: x\r\n\r\n"
                  "POST /p3 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nthree"));
  for (const auto& [target, body] :
       {std::pair<std::string, std::string>{"/p1", "one"}, {"/p2", ""}, {"/p3", "three"}}) {
    client_response res;
    REQUIRE_FALSE(c.read(res));
    CHECK(res["X-Target"] == target);
    CHECK(res.body() == body);
  }
}

TEST_CASE("the handler can close the connection and HEAD gets no body", "[http]") {
  http_server srv("127.0.0.1", 0, test_limits(), [](shop::http::request&& req, respond_fn respond) {
    shop::http::response res{bhttp::status::ok, 11};
    res.body() = "0123456789";
    if (req.target() == "/close") res.keep_alive(false);
    respond(std::move(res));
  });
  srv.start();

  test_client c(srv.port());
  REQUIRE_FALSE(c.send(make_request(bhttp::verb::head, "/")));
  client_response head;
  REQUIRE_FALSE(c.read(head, 5s, true));
  CHECK(head.result() == bhttp::status::ok);
  CHECK(head[bhttp::field::content_length] == "10");
  // No stray body bytes on the wire: the next response parses cleanly.
  const auto get = c.roundtrip(make_request(bhttp::verb::get, "/"));
  CHECK(get.body() == "0123456789");

  const auto closing = c.roundtrip(make_request(bhttp::verb::get, "/close"));
  CHECK_FALSE(closing.keep_alive());
  CHECK(is_closed_error(c.wait_closed()));
}

TEST_CASE("HTTP/1.0: answered in 1.0 and closed unless keep-alive is asked", "[http]") {
  http_server srv("127.0.0.1", 0, test_limits(), echo_dispatch());
  srv.start();

  {
    test_client c(srv.port());
    const auto res = c.roundtrip(make_request(bhttp::verb::get, "/old", {}, 10));
    CHECK(res.version() == 10);
    CHECK(res.result() == bhttp::status::ok);
    CHECK_FALSE(res.keep_alive());
    CHECK(is_closed_error(c.wait_closed()));
  }
  {
    test_client c(srv.port());
    auto req = make_request(bhttp::verb::get, "/old", {}, 10);
    req.keep_alive(true);
    const auto r1 = c.roundtrip(req);
    CHECK(r1.version() == 10);
    CHECK(r1.keep_alive());
    const auto r2 = c.roundtrip(req);  // same connection still served
    CHECK(r2.result() == bhttp::status::ok);
  }
}

TEST_CASE("asynchronous completion from another thread", "[http]") {
  delayed_responder responder;
  std::mutex mu;
  std::thread::id dispatch_thread;
  std::atomic<int> dispatched{0};
  http_server srv("127.0.0.1", 0, test_limits(),
                  [&](shop::http::request&& req, respond_fn respond) {
                    {
                      std::lock_guard<std::mutex> lk(mu);
                      dispatch_thread = std::this_thread::get_id();
                    }
                    ++dispatched;
                    shop::http::response res{bhttp::status::accepted, 11};
                    res.body() = "later:" + std::string(req.target());
                    responder.later(150ms, std::move(respond), std::move(res));
                  });
  srv.start();

  test_client c(srv.port());
  const auto start = std::chrono::steady_clock::now();
  const auto r1 = c.roundtrip(make_request(bhttp::verb::get, "/a"));
  CHECK(std::chrono::steady_clock::now() - start >=
        140ms);  // really answered by the delayed thread
  CHECK(r1.result() == bhttp::status::accepted);
  CHECK(r1.body() == "later:/a");
  const auto r2 = c.roundtrip(make_request(bhttp::verb::get, "/b"));
  CHECK(r2.body() == "later:/b");
  CHECK(dispatched == 2);
  {
    std::lock_guard<std::mutex> lk(mu);
    CHECK(dispatch_thread != std::this_thread::get_id());
  }
  responder.join();
}

TEST_CASE("body over the limit is answered 413 PAYLOAD_TOO_LARGE", "[http]") {
  auto limits = test_limits();
  limits.body_limit = 1000;
  http_server srv("127.0.0.1", 0, limits, echo_dispatch());
  srv.start();

  SECTION("a body of exactly the limit is accepted") {
    test_client c(srv.port());
    const auto res = c.roundtrip(make_request(bhttp::verb::post, "/up", std::string(1000, 'a')));
    CHECK(res.result() == bhttp::status::ok);
    CHECK(res.body().size() == 1000);
  }
  SECTION("Content-Length over the limit") {
    test_client c(srv.port());
    const auto res = c.roundtrip(make_request(bhttp::verb::post, "/up", std::string(100000, 'a')));
    CHECK(res.result() == bhttp::status::payload_too_large);
    const auto j = json_body(res);
    CHECK(j["code"] == "PAYLOAD_TOO_LARGE");
    CHECK(j["message"] == "request body exceeds 1000 bytes");
    // The server's own answer names a request id of its own, in header and body alike.
    CHECK_FALSE(res["X-Request-Id"].empty());
    CHECK(j["requestId"] == std::string(res["X-Request-Id"]));
    CHECK(res[bhttp::field::content_type] == "application/json; charset=utf-8");
    CHECK_FALSE(res.keep_alive());
    CHECK(is_closed_error(c.wait_closed()));
  }
  SECTION("chunked body growing over the limit") {
    test_client c(srv.port());
    std::string raw = "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i) raw += "258\r\n" + std::string(600, 'b') + "\r\n";  // 0x258 = 600
    raw += "0\r\n\r\n";
    REQUIRE_FALSE(c.write_raw(raw));
    client_response res;
    REQUIRE_FALSE(c.read(res));
    CHECK(res.result() == bhttp::status::payload_too_large);
    CHECK(json_body(res)["code"] == "PAYLOAD_TOO_LARGE");
  }
}

TEST_CASE("Expect: 100-continue", "[http]") {
  http_server srv("127.0.0.1", 0, test_limits(), echo_dispatch());  // default body limit 65536
  srv.start();
  test_client c(srv.port());

  SECTION("too large Content-Length gets 413 before any body byte is sent") {
    REQUIRE_FALSE(
        c.write_raw("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\nExpect: "
                    "100-continue\r\n\r\n"));
    client_response res;
    REQUIRE_FALSE(c.read(res));
    CHECK(res.result() == bhttp::status::payload_too_large);
    const auto j = json_body(res);
    CHECK(j["code"] == "PAYLOAD_TOO_LARGE");
    CHECK(j["message"] == "request body exceeds 65536 bytes");
    CHECK(is_closed_error(c.wait_closed()));
  }
  SECTION("acceptable body gets 100 Continue, then the answer") {
    REQUIRE_FALSE(c.write_raw(
        "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
    client_response interim;
    REQUIRE_FALSE(c.read(interim));
    CHECK(interim.result() == bhttp::status::continue_);
    REQUIRE_FALSE(c.write_raw("hello"));
    client_response res;
    REQUIRE_FALSE(c.read(res));
    CHECK(res.result() == bhttp::status::ok);
    CHECK(res.body() == "hello");
  }
}

TEST_CASE("oversized header block is answered 431", "[http]") {
  http_server srv("127.0.0.1", 0, test_limits(), echo_dispatch());  // default header limit 16 KiB
  srv.start();
  test_client c(srv.port());
  auto req = make_request(bhttp::verb::get, "/");
  req.set("X-Huge", std::string(20000, 'h'));
  const auto res = c.roundtrip(std::move(req));
  CHECK(res.result() == bhttp::status::request_header_fields_too_large);
  CHECK(json_body(res)["code"] == "INVALID_ARGUMENT");
  CHECK(is_closed_error(c.wait_closed()));

  // Just under the limit is fine.
  test_client ok(srv.port());
  auto small = make_request(bhttp::verb::get, "/");
  small.set("X-Big", std::string(8000, 'h'));
  CHECK(ok.roundtrip(std::move(small)).result() == bhttp::status::ok);
}

TEST_CASE("garbage request is answered 400 malformed HTTP request", "[http]") {
  std::atomic<int> dispatched{0};
  http_server srv("127.0.0.1", 0, test_limits(), [&](shop::http::request&&, respond_fn respond) {
    ++dispatched;
    respond(shop::http::response{bhttp::status::ok, 11});
  });
  srv.start();

  for (const std::string_view garbage :
       {std::string_view("THIS IS NOT HTTP\r\n\r\n"),
        std::string_view("\x01\x02\x03 / HTTP/1.1\r\n\r\n"),
        std::string_view("GET / HTTP/1.1\r\nContent-Length: abc\r\n\r\n")}) {
    test_client c(srv.port());
    REQUIRE_FALSE(c.write_raw(garbage));
    client_response res;
    REQUIRE_FALSE(c.read(res));
    CHECK(res.result() == bhttp::status::bad_request);
    const auto j = json_body(res);
    CHECK(j["code"] == "INVALID_ARGUMENT");
    CHECK(j["message"] == "malformed HTTP request");
    CHECK(is_closed_error(c.wait_closed()));
  }
  CHECK(dispatched == 0);
}

namespace {

// Writes one byte every 100 ms until the server closes the connection (true) or 5 s pass (false):
// a per-read timer never fires on such a client, only a deadline for the whole request does.
bool closed_while_dripping(test_client& c) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 5s) {
    pollfd p{c.native_handle(), POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) return is_closed_error(c.wait_closed(1s));
    if (c.write_raw("a", 1s)) return true;  // EPIPE / reset: the server is gone
  }
  return false;
}

}  // namespace

TEST_CASE("slow client trickling a header or a body is cut off after read_timeout", "[http]") {
  auto limits = test_limits();
  limits.read_timeout = 300ms;
  std::atomic<int> dispatched{0};
  http_server srv("127.0.0.1", 0, limits, [&](shop::http::request&&, respond_fn respond) {
    ++dispatched;
    respond(shop::http::response{bhttp::status::ok, 11});
  });
  srv.start();

  test_client c(srv.port());
  const auto start = std::chrono::steady_clock::now();
  SECTION("the header drips in") {
    REQUIRE_FALSE(c.write_raw("GET /slow HTTP/1.1\r\nHost: x\r\nX-Drip: "));
  }
  SECTION("the header is whole, then the announced body drips in") {
    REQUIRE_FALSE(c.write_raw("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"));
  }
  const bool closed = closed_while_dripping(c);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(closed);
  CHECK(elapsed >= 250ms);      // it was the deadline, not an immediate rejection
  CHECK(c.extra_bytes() == 0);  // closed quietly, no error response
  CHECK(dispatched == 0);
}

TEST_CASE("a header with more fields than max_header_fields is answered 431", "[http][limits]") {
  auto limits = test_limits();
  limits.max_header_fields = 10;
  std::atomic<int> dispatched{0};
  http_server srv("127.0.0.1", 0, limits, [&](shop::http::request&&, respond_fn respond) {
    ++dispatched;
    respond(shop::http::response{bhttp::status::ok, 11});
  });
  srv.start();

  // make_request's Host is one field: Host and 9 more is the limit, one more is over it.
  auto with_fields = [](int extra) {
    auto req = make_request(bhttp::verb::get, "/");
    for (int i = 0; i < extra; ++i) req.insert("X-Field-" + std::to_string(i), "v");
    return req;
  };
  test_client over(srv.port());
  const auto res = over.roundtrip(with_fields(10));
  CHECK(res.result() == bhttp::status::request_header_fields_too_large);
  CHECK(json_body(res)["code"] == "INVALID_ARGUMENT");
  CHECK(json_body(res)["message"] == "request has more than 10 header fields");
  CHECK(is_closed_error(over.wait_closed()));
  CHECK(dispatched == 0);

  test_client at(srv.port());
  CHECK(at.roundtrip(with_fields(9)).result() == bhttp::status::ok);
  CHECK(dispatched == 1);
}

TEST_CASE("a request over max_in_flight is answered 503 with Retry-After, not dispatched",
          "[http][limits]") {
  auto limits = test_limits();
  limits.max_in_flight = 2;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<respond_fn> held;
  int dispatched = 0;
  http_server srv("127.0.0.1", 0, limits, [&](shop::http::request&& req, respond_fn respond) {
    std::lock_guard<std::mutex> lk(mu);
    ++dispatched;
    if (req.target() == "/hold")
      held.push_back(std::move(respond));
    else
      respond(shop::http::response{bhttp::status::ok, 11});
    cv.notify_all();
  });
  srv.start();

  test_client a(srv.port());
  test_client b(srv.port());
  REQUIRE_FALSE(a.send(make_request(bhttp::verb::get, "/hold")));
  REQUIRE_FALSE(b.send(make_request(bhttp::verb::get, "/hold")));
  {
    std::unique_lock<std::mutex> lk(mu);
    REQUIRE(cv.wait_for(lk, 5s, [&] { return held.size() == 2; }));
  }

  test_client c(srv.port());
  const auto refused = c.roundtrip(make_request(bhttp::verb::get, "/other"));
  CHECK(refused.result() == bhttp::status::service_unavailable);
  CHECK(refused[bhttp::field::retry_after] == "1");
  CHECK(json_body(refused)["code"] == "SERVICE_UNAVAILABLE");
  CHECK(json_body(refused)["message"] == "too many requests in progress; retry");
  CHECK(refused.keep_alive());  // read whole: the connection stays for the retry
  {
    std::lock_guard<std::mutex> lk(mu);
    CHECK(dispatched == 2);
  }

  // The held requests are answered; then the refused client's retry, on the same connection, is
  // served.
  {
    std::lock_guard<std::mutex> lk(mu);
    for (auto& r : held) r(shop::http::response{bhttp::status::ok, 11});
    held.clear();
  }
  client_response ra, rb;
  REQUIRE_FALSE(a.read(ra));
  REQUIRE_FALSE(b.read(rb));
  CHECK(ra.result() == bhttp::status::ok);
  CHECK(rb.result() == bhttp::status::ok);
  CHECK(srv.wait_idle(5s));
  CHECK(c.roundtrip(make_request(bhttp::verb::get, "/other")).result() == bhttp::status::ok);
}

TEST_CASE("idle keep-alive connection is closed after read_timeout", "[http]") {
  auto limits = test_limits();
  limits.read_timeout = 300ms;
  http_server srv("127.0.0.1", 0, limits, echo_dispatch());
  srv.start();
  test_client c(srv.port());
  CHECK(c.roundtrip(make_request(bhttp::verb::get, "/")).result() == bhttp::status::ok);
  CHECK(is_closed_error(c.wait_closed(3s)));
}

TEST_CASE("connections over max_connections get 503", "[http]") {
  auto limits = test_limits();
  limits.max_connections = 2;
  http_server srv("127.0.0.1", 0, limits, echo_dispatch());
  srv.start();

  auto c1 = std::make_unique<test_client>(srv.port());
  test_client c2(srv.port());
  CHECK(c1->roundtrip(make_request(bhttp::verb::get, "/1")).result() == bhttp::status::ok);
  CHECK(c2.roundtrip(make_request(bhttp::verb::get, "/2")).result() == bhttp::status::ok);
  CHECK(srv.open_connections() == 2);

  {
    test_client c3(srv.port());
    const auto res = c3.roundtrip(make_request(bhttp::verb::get, "/3"));
    CHECK(res.result() == bhttp::status::service_unavailable);
    const auto j = json_body(res);
    CHECK(j["code"] == "SERVICE_UNAVAILABLE");
    CHECK(j["message"] == "too many connections");
    CHECK(is_closed_error(c3.wait_closed()));
  }

  // Once a slot frees up, a new connection is served again.
  c1.reset();
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (srv.open_connections() > 1 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  REQUIRE(srv.open_connections() == 1);
  test_client c4(srv.port());
  CHECK(c4.roundtrip(make_request(bhttp::verb::get, "/4")).result() == bhttp::status::ok);
  CHECK(c2.roundtrip(make_request(bhttp::verb::get, "/2again")).result() == bhttp::status::ok);
}

TEST_CASE("an exception thrown by dispatch is answered 500 INTERNAL", "[http]") {
  http_server srv("127.0.0.1", 0, test_limits(), [](shop::http::request&& req, respond_fn respond) {
    if (req.target() == "/boom") throw std::runtime_error("handler bug");
    respond(shop::http::response{bhttp::status::ok, 11});
  });
  srv.start();
  test_client c(srv.port());
  const auto res = c.roundtrip(make_request(bhttp::verb::get, "/boom"));
  CHECK(res.result() == bhttp::status::internal_server_error);
  CHECK(json_body(res)["code"] == "INTERNAL");
  // The connection (and server) keeps working.
  CHECK(c.roundtrip(make_request(bhttp::verb::get, "/fine")).result() == bhttp::status::ok);
}

TEST_CASE("respond called twice only answers once", "[http]") {
  http_server srv("127.0.0.1", 0, test_limits(), [](shop::http::request&& req, respond_fn respond) {
    shop::http::response first{bhttp::status::ok, 11};
    first.body() = "first:" + std::string(req.target());
    respond(std::move(first));
    respond(shop::http::response{bhttp::status::conflict, 11});  // a bug: must be ignored
  });
  srv.start();
  test_client c(srv.port());
  CHECK(c.roundtrip(make_request(bhttp::verb::get, "/x")).body() == "first:/x");
  CHECK(c.roundtrip(make_request(bhttp::verb::get, "/y")).body() == "first:/y");
}
