// A Beast client with a deadline on every operation, and small dispatchers, for the tests of the
// HTTP front end against a real server on 127.0.0.1 (http_server_test.cpp,
// http_server_shutdown_test.cpp). A broken server fails a test instead of hanging it.
#pragma once

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
#include "http/http_server.hpp"

namespace shop::test::http_support {

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

inline bool is_closed_error(const beast::error_code& ec) {
  return ec == net::error::eof || ec == net::error::connection_reset ||
         ec == bhttp::error::end_of_stream || ec == net::error::broken_pipe;
}

inline client_request make_request(bhttp::verb verb, std::string target, std::string body = {},
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
inline dispatch_fn echo_dispatch() {
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

inline server_limits test_limits() {
  server_limits l;
  l.read_timeout = 5s;
  l.write_timeout = 5s;
  return l;
}

inline nlohmann::json json_body(const client_response& res) {
  return nlohmann::json::parse(res.body());
}

}  // namespace shop::test::http_support
