// Tests of the HTTP front end against a real server on 127.0.0.1 (port 0), with a Beast client.
// Every client operation has its own deadline, so a broken server fails a test instead of hanging.

#include "http/http_server.hpp"

#include <poll.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/error_body.hpp"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using shop::http::dispatch_fn;
using shop::http::http_server;
using shop::http::respond_fn;
using shop::http::server_limits;

using client_request = bhttp::request<bhttp::string_body>;
using client_response = bhttp::response<bhttp::string_body>;

// Synchronous-style client built on async operations with a deadline, run on a private io_context.
class test_client {
 public:
  explicit test_client(unsigned short port) : stream_(ioc_) {
    const auto ec = connect(port);
    if (ec) throw std::runtime_error("connect failed: " + ec.message());
  }
  test_client(unsigned short port, std::nothrow_t) : stream_(ioc_) {
    connect_error_ = connect(port);
  }

  beast::error_code connect_error() const { return connect_error_; }

  beast::error_code write_raw(std::string_view data, std::chrono::milliseconds timeout = 5s) {
    beast::error_code result;
    stream_.expires_after(timeout);
    net::async_write(stream_, net::const_buffer(data.data(), data.size()),
                     [&](beast::error_code ec, std::size_t) { result = ec; });
    run();
    return result;
  }

  beast::error_code send(client_request req) {
    beast::error_code result;
    stream_.expires_after(5s);
    bhttp::async_write(stream_, req, [&](beast::error_code ec, std::size_t) { result = ec; });
    run();
    return result;
  }

  // `head`: the response answers a HEAD request (no body follows, whatever Content-Length says).
  beast::error_code read(client_response& out, std::chrono::milliseconds timeout = 5s,
                         bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(boost::none);
    parser.skip(head);
    beast::error_code result;
    stream_.expires_after(timeout);
    bhttp::async_read(stream_, buffer_, parser,
                      [&](beast::error_code ec, std::size_t) { result = ec; });
    run();
    if (!result) out = parser.release();
    return result;
  }

  // Sends `req` and reads the answer; fails the test on a transport error.
  client_response roundtrip(client_request req) {
    const auto wec = send(std::move(req));
    INFO("write: " << wec.message());
    REQUIRE_FALSE(wec);
    client_response res;
    const auto rec = read(res);
    INFO("read: " << rec.message());
    REQUIRE_FALSE(rec);
    return res;
  }

  // Reads (and discards) until the peer closes. Returns eof / connection_reset when it did, or
  // beast::error::timeout when it did not within `timeout`.
  beast::error_code wait_closed(std::chrono::milliseconds timeout = 5s) {
    if (buffer_.size() > 0) buffer_.consume(buffer_.size());
    stream_.expires_after(timeout);
    beast::error_code result;
    std::function<void()> next;
    next = [&] {
      stream_.async_read_some(buffer_.prepare(4096), [&](beast::error_code ec, std::size_t n) {
        if (ec) {
          result = ec;
          return;
        }
        extra_bytes_ += n;
        next();
      });
    };
    next();
    run();
    return result;
  }

  std::size_t extra_bytes() const { return extra_bytes_; }
  int native_handle() { return stream_.socket().native_handle(); }

 private:
  beast::error_code connect(unsigned short port) {
    beast::error_code result;
    stream_.expires_after(5s);
    stream_.async_connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port},
                          [&](beast::error_code ec) { result = ec; });
    run();
    return result;
  }

  void run() {
    ioc_.restart();
    ioc_.run();
  }

  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  beast::error_code connect_error_;
  std::size_t extra_bytes_ = 0;
};

bool is_closed_error(const beast::error_code& ec) {
  return ec == net::error::eof || ec == net::error::connection_reset ||
         ec == bhttp::error::end_of_stream || ec == net::error::broken_pipe;
}

client_request make_request(bhttp::verb verb, std::string target, std::string body = {},
                            unsigned version = 11) {
  client_request req{verb, target, version};
  req.set(bhttp::field::host, "127.0.0.1");
  if (!body.empty() || verb == bhttp::verb::post) {
    req.body() = std::move(body);
    req.prepare_payload();
  }
  return req;
}

// Echoes method, target and body. Deliberately does not call prepare_payload(): the server must.
dispatch_fn echo_dispatch() {
  return [](shop::http::request&& req, respond_fn respond) {
    shop::http::response res{bhttp::status::ok, req.version()};
    res.set(bhttp::field::content_type, "text/plain");
    res.set("X-Method", req.method_string());
    res.set("X-Target", req.target());
    res.body() = std::move(req.body());
    respond(std::move(res));
  };
}

// Runs respond_fns on their own threads after a delay; joins them on destruction.
class delayed_responder {
 public:
  ~delayed_responder() { join(); }
  void later(std::chrono::milliseconds delay, respond_fn respond, shop::http::response res) {
    std::lock_guard<std::mutex> lk(mu_);
    threads_.emplace_back([delay, respond = std::move(respond), res = std::move(res)]() mutable {
      std::this_thread::sleep_for(delay);
      respond(std::move(res));
    });
  }
  void join() {
    std::vector<std::thread> ts;
    {
      std::lock_guard<std::mutex> lk(mu_);
      ts.swap(threads_);
    }
    for (auto& t : ts) t.join();
  }

 private:
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

server_limits test_limits() {
  server_limits l;
  l.read_timeout = 5s;
  l.write_timeout = 5s;
  return l;
}

nlohmann::json json_body(const client_response& res) {
  return nlohmann::json::parse(res.body());
}

}  // namespace

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

  const auto r2 = c.roundtrip(make_request(bhttp::verb::post, "/echo/2", "second body"));
  CHECK(r2.result() == bhttp::status::ok);
  CHECK(r2.body() == "second body");
  CHECK(r2["X-Target"] == "/echo/2");
  CHECK(r2.keep_alive());
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

TEST_CASE("slow client trickling a header is cut off after read_timeout", "[http]") {
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
  REQUIRE_FALSE(c.write_raw("GET /slow HTTP/1.1\r\nHost: x\r\nX-Drip: "));
  // One byte every 100 ms: a per-read timer would never fire; the whole-request deadline does.
  bool closed = false;
  while (!closed && std::chrono::steady_clock::now() - start < 5s) {
    pollfd p{c.native_handle(), POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      closed = is_closed_error(c.wait_closed(1s));
      break;
    }
    if (c.write_raw("a", 1s)) closed = true;  // EPIPE / reset: the server is gone
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(closed);
  CHECK(elapsed >= 250ms);      // it was the deadline, not an immediate rejection
  CHECK(c.extra_bytes() == 0);  // closed quietly, no error response
  CHECK(dispatched == 0);
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

TEST_CASE("wait_idle waits for in-flight requests", "[http]") {
  std::mutex mu;
  respond_fn pending;
  std::promise<void> dispatched;
  http_server srv("127.0.0.1", 0, test_limits(), [&](shop::http::request&&, respond_fn respond) {
    std::lock_guard<std::mutex> lk(mu);
    pending = std::move(respond);
    dispatched.set_value();
  });
  srv.start();
  CHECK(srv.wait_idle(10ms));  // nothing in flight yet

  auto client = std::async(std::launch::async, [port = srv.port()] {
    test_client c(port);
    if (c.send(make_request(bhttp::verb::get, "/slow"))) return 0u;
    client_response res;
    if (c.read(res)) return 0u;
    return res.result_int();
  });
  REQUIRE(dispatched.get_future().wait_for(5s) == std::future_status::ready);
  CHECK_FALSE(srv.wait_idle(100ms));  // dispatched, not answered

  std::thread late([&] {
    std::this_thread::sleep_for(200ms);
    std::lock_guard<std::mutex> lk(mu);
    shop::http::response res{bhttp::status::ok, 11};
    res.body() = "done";
    pending(std::move(res));
  });
  CHECK(srv.wait_idle(5s));
  late.join();
  CHECK(client.get() == 200);
}

TEST_CASE("stop_accepting refuses new connections but keeps serving open ones", "[http]") {
  http_server srv("127.0.0.1", 0, test_limits(), echo_dispatch());
  srv.start();
  test_client open(srv.port());
  CHECK(open.roundtrip(make_request(bhttp::verb::get, "/before")).result() == bhttp::status::ok);

  srv.stop_accepting();
  test_client refused(srv.port(), std::nothrow);
  CHECK(refused.connect_error());
  CHECK(open.roundtrip(make_request(bhttp::verb::get, "/after")).result() == bhttp::status::ok);
}

TEST_CASE("drain answers what was dispatched, refuses what is read later, closes idle connections",
          "[http]") {
  std::mutex mu;
  respond_fn pending;
  std::promise<void> held;
  std::atomic<int> dispatched_after_hold{0};
  auto limits = test_limits();
  limits.drain_idle_grace = 300ms;
  http_server srv("127.0.0.1", 0, limits, [&](shop::http::request&& req, respond_fn respond) {
    if (req.target() == "/hold") {
      std::lock_guard<std::mutex> lk(mu);
      pending = std::move(respond);
      held.set_value();
      return;
    }
    ++dispatched_after_hold;
    respond(shop::http::response{bhttp::status::ok, 11});
  });
  srv.start();

  test_client busy(srv.port());  // its request is dispatched before the drain
  REQUIRE_FALSE(busy.send(make_request(bhttp::verb::get, "/hold")));
  REQUIRE(held.get_future().wait_for(5s) == std::future_status::ready);
  test_client late(srv.port());  // keep-alive, sends its next request after the drain began
  CHECK(late.roundtrip(make_request(bhttp::verb::get, "/before")).result() == bhttp::status::ok);
  test_client idle(srv.port());  // sends nothing
  const int before = dispatched_after_hold.load();

  auto drained = std::async(std::launch::async, [&] { return srv.drain(10s); });
  // The drain closes the acceptor after it marks the server draining: a refused connect says it
  // has begun.
  for (int i = 0; i < 500; ++i) {
    test_client probe(srv.port(), std::nothrow);
    if (probe.connect_error()) break;
    std::this_thread::sleep_for(2ms);
  }
  const auto refused = late.roundtrip(make_request(bhttp::verb::post, "/after", "{}"));
  CHECK(refused.result() == bhttp::status::service_unavailable);
  CHECK(refused[bhttp::field::retry_after] == "1");
  CHECK_FALSE(refused.keep_alive());
  CHECK(nlohmann::json::parse(refused.body()).at("code") == "SERVICE_UNAVAILABLE");
  CHECK(dispatched_after_hold.load() == before);  // refused before it reached the dispatcher

  CHECK(is_closed_error(idle.wait_closed(5s)));  // after the grace, without a request
  CHECK(drained.wait_for(100ms) == std::future_status::timeout);  // `busy` still awaits its answer
  {
    std::lock_guard<std::mutex> lk(mu);
    pending(shop::http::response{bhttp::status::ok, 11});
    pending = nullptr;  // it holds the session, as a route layer's copy would until it returns
  }
  client_response answer;
  REQUIRE_FALSE(busy.read(answer));
  CHECK(answer.result() == bhttp::status::ok);
  CHECK_FALSE(answer.keep_alive());
  CHECK(is_closed_error(busy.wait_closed(5s)));
  CHECK(is_closed_error(late.wait_closed(5s)));
  CHECK(drained.get());
  CHECK(srv.open_connections() == 0);
}

TEST_CASE("stop() returns with open connections and a request in flight", "[http]") {
  std::mutex mu;
  respond_fn pending;
  std::promise<void> dispatched;
  auto srv = std::make_unique<http_server>("127.0.0.1", 0, test_limits(),
                                           [&](shop::http::request&& req, respond_fn respond) {
                                             if (req.target() == "/hold") {
                                               std::lock_guard<std::mutex> lk(mu);
                                               pending = std::move(respond);
                                               dispatched.set_value();
                                               return;
                                             }
                                             respond(shop::http::response{bhttp::status::ok, 11});
                                           });
  srv->start();

  test_client idle(srv->port());  // keep-alive connection waiting for its next request
  CHECK(idle.roundtrip(make_request(bhttp::verb::get, "/quick")).result() == bhttp::status::ok);
  test_client busy(srv->port());
  REQUIRE_FALSE(busy.send(make_request(bhttp::verb::get, "/hold")));
  REQUIRE(dispatched.get_future().wait_for(5s) == std::future_status::ready);
  CHECK(srv->open_connections() == 2);

  auto stopped = std::async(std::launch::async, [&] { srv->stop(); });
  if (stopped.wait_for(10s) != std::future_status::ready) {
    (void)srv.release();  // hung: leak rather than hang again in the destructor
    FAIL("stop() did not return");
  }
  stopped.get();
  CHECK(is_closed_error(idle.wait_closed()));
  CHECK(is_closed_error(busy.wait_closed()));

  // A completion arriving after stop() is dropped harmlessly, from another thread too.
  std::thread([&] {
    std::lock_guard<std::mutex> lk(mu);
    pending(shop::http::response{bhttp::status::ok, 11});
    pending = nullptr;
  }).join();
  srv->stop();  // idempotent
  srv.reset();
}

TEST_CASE("start() reports a port that cannot be bound", "[http]") {
  http_server first("127.0.0.1", 0, test_limits(), echo_dispatch());
  first.start();
  http_server second("127.0.0.1", first.port(), test_limits(), echo_dispatch());
  try {
    second.start();
    FAIL("start() on a busy port did not throw");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(),
               Catch::Contains("cannot bind") && Catch::Contains(std::to_string(first.port())));
  }
}
