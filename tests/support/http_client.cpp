#include "tests/support/http_client.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <sstream>
#include <stdexcept>

namespace shop::test {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string ms_text(std::chrono::milliseconds d) {
  return std::to_string(d.count()) + " ms";
}

}  // namespace

nlohmann::json http_result::json() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded())
    throw std::runtime_error("response (status " + std::to_string(status) +
                             ") is not JSON: " + body.substr(0, 500));
  return j;
}

struct http_connection::impl {
  unsigned short port;
  std::chrono::milliseconds timeout;
  net::io_context ioc;
  tcp::socket socket{ioc};
  beast::flat_buffer buffer;
  bool broken = false;

  impl(unsigned short p, std::chrono::milliseconds t) : port(p), timeout(t) {}

  // Runs the io_context until `done` is set or `wait` passes. On timeout the socket's pending
  // operations are cancelled and their handlers run (so nothing refers to dead stack frames).
  // Returns false on timeout.
  bool run(const bool& done, std::chrono::milliseconds wait) {
    ioc.restart();
    const auto deadline = clock_type::now() + wait;
    while (!done) {
      const auto now = clock_type::now();
      if (now >= deadline) break;
      ioc.run_for(std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - now));
      if (ioc.stopped() && !done) ioc.restart();
    }
    if (done) return true;
    beast::error_code ignored;
    socket.cancel(ignored);
    ioc.restart();
    ioc.run();
    return false;
  }

  void connect() {
    bool done = false;
    beast::error_code result;
    tcp::endpoint ep{net::ip::make_address("127.0.0.1"), port};
    socket.async_connect(ep, [&](beast::error_code ec) {
      result = ec;
      done = true;
    });
    if (!run(done, timeout))
      throw http_connect_error("connect to 127.0.0.1:" + std::to_string(port) + " timed out");
    if (result)
      throw http_connect_error("cannot connect to 127.0.0.1:" + std::to_string(port) + ": " +
                               result.message());
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
  }

  void check_usable() const {
    if (broken)
      throw std::runtime_error("http_connection: connection unusable after an earlier failure");
  }

  // Writes `data`; returns the error (timeout reported as beast::error::timeout).
  beast::error_code write_bytes(const std::string& data) {
    bool done = false;
    beast::error_code result;
    net::async_write(socket, net::buffer(data), [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    if (!run(done, timeout)) return beast::error::timeout;
    return result;
  }

  http_result exchange(const std::string& method, const std::string& target,
                       const std::string& body, const header_list& headers, bool keep_alive) {
    check_usable();
    bhttp::request<bhttp::string_body> req;
    const auto verb = bhttp::string_to_verb(method);
    if (verb == bhttp::verb::unknown)
      req.method_string(method);
    else
      req.method(verb);
    req.target(target);
    req.version(11);
    req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
    req.set(bhttp::field::user_agent, "shop-e2e-test");
    bool has_content_type = false;
    for (const auto& [k, v] : headers) {
      if (lower(k) == "content-type") has_content_type = true;
      req.insert(k, v);
    }
    if (!body.empty() && !has_content_type) req.set(bhttp::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    req.keep_alive(keep_alive);

    // Serialise to a string so that a failed write can still be followed by reading an early answer
    // (e.g. 413 sent before the body was read).
    std::string wire;
    {
      std::ostringstream os;
      os << req;
      wire = os.str();
    }
    const auto write_ec = write_bytes(wire);

    bool done = false;
    beast::error_code read_ec;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    bhttp::async_read(socket, buffer, parser, [&](beast::error_code ec, std::size_t) {
      read_ec = ec;
      done = true;
    });
    const bool in_time = run(done, timeout);
    const std::string what = method + " " + target + " on 127.0.0.1:" + std::to_string(port);
    if (!in_time || read_ec) {
      broken = true;
      std::string why = !in_time ? "no response within " + ms_text(timeout) : read_ec.message();
      if (write_ec) why = "write failed (" + write_ec.message() + "), then read: " + why;
      throw std::runtime_error(what + ": " + why);
    }
    auto res = parser.release();
    http_result out;
    out.status = static_cast<int>(res.result_int());
    out.body = std::move(res.body());
    for (const auto& f : res) {
      auto name = lower(std::string(f.name_string()));
      std::string value(f.value());
      auto it = out.headers.find(name);
      if (it == out.headers.end())
        out.headers.emplace(std::move(name), std::move(value));
      else
        it->second += ", " + value;
    }
    if (!res.keep_alive()) broken = true;  // the server closes after this answer
    return out;
  }
};

http_connection::http_connection(unsigned short port, std::chrono::milliseconds timeout)
    : p_(std::make_unique<impl>(port, timeout)) {
  p_->connect();
}

http_connection::~http_connection() {
  if (!p_) return;
  beast::error_code ignored;
  p_->socket.shutdown(tcp::socket::shutdown_both, ignored);
  p_->socket.close(ignored);
}

http_connection::http_connection(http_connection&&) noexcept = default;
http_connection& http_connection::operator=(http_connection&&) noexcept = default;

unsigned short http_connection::port() const {
  return p_->port;
}

http_result http_connection::call(std::string method, std::string target, std::string body,
                                  header_list headers) {
  return p_->exchange(method, target, body, headers, true);
}

void http_connection::send_raw(std::string bytes) {
  auto ec = p_->write_bytes(bytes);
  if (ec) throw std::runtime_error("http_connection::send_raw: " + ec.message());
}

std::string http_connection::read_some_raw(std::chrono::milliseconds wait) {
  auto& p = *p_;
  if (p.buffer.size() > 0) {
    std::string out = beast::buffers_to_string(p.buffer.data());
    p.buffer.consume(p.buffer.size());
    return out;
  }
  bool done = false;
  beast::error_code result;
  std::size_t n = 0;
  std::string chunk(64 * 1024, '\0');
  p.socket.async_read_some(net::buffer(chunk), [&](beast::error_code ec, std::size_t got) {
    result = ec;
    n = got;
    done = true;
  });
  if (!p.run(done, wait) || result) return {};
  chunk.resize(n);
  return chunk;
}

bool http_connection::closed_by_peer(std::chrono::milliseconds wait) {
  auto& p = *p_;
  p.buffer.consume(p.buffer.size());
  const auto deadline = clock_type::now() + wait;
  std::string chunk(64 * 1024, '\0');
  for (;;) {
    const auto now = clock_type::now();
    if (now >= deadline) return false;
    bool done = false;
    beast::error_code result;
    p.socket.async_read_some(net::buffer(chunk), [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    if (!p.run(done, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) +
                         std::chrono::milliseconds(1)))
      return false;
    if (result) {
      p.broken = true;
      return true;  // EOF, reset, or any other end of the connection
    }
  }
}

http_result http_call(unsigned short port, std::string method, std::string target, std::string body,
                      header_list headers, std::chrono::milliseconds timeout) {
  http_connection c(port, timeout);
  return c.p_->exchange(method, target, body, headers, false);
}

}  // namespace shop::test
