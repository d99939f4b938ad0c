// The listener's state shared by the server, its I/O threads and every session (http_session.cpp).
// Internal to http_server.cpp and http_session.cpp.
#pragma once

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <cstdint>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "http/error_mapping.hpp"
#include "http/http_server.hpp"
#include "http/in_flight_cap.hpp"

namespace shop::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace detail {

class session;

using request_parser = bhttp::request_parser<bhttp::string_body>;

// The limits a connection reads each request under (here so the HTTP fuzz target, tests/fuzz,
// parses exactly as a connection does).
inline void limit_request_parser(request_parser& p, const server_limits& l) {
  p.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(l.header_limit, UINT32_MAX)));
  p.body_limit(static_cast<std::uint64_t>(l.body_limit));
}

struct server_state : std::enable_shared_from_this<server_state> {
  server_state(server_limits l, dispatch_fn d)
      : limits(l),
        dispatch(std::move(d)),
        acceptor(net::make_strand(ioc)),
        retry_timer(acceptor.get_executor()) {}

  const server_limits limits;
  dispatch_fn dispatch;  // cleared by shutdown() (after the I/O threads are joined) to break
                         // reference cycles

  net::io_context ioc;
  // Keeps ioc.run() going while no operation is pending (e.g. after stop_accepting(), with every
  // connection waiting for its handler's answer); released by shutdown().
  net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
  tcp::acceptor acceptor;         // its executor is a strand: all acceptor work runs there
  net::steady_timer retry_timer;  // back-off after accept errors such as EMFILE
  bool accepting = false;  // acceptor strand only (or the single-threaded tail of shutdown())

  std::atomic<unsigned short> bound_port{0};
  std::atomic<std::size_t> connections{0};
  in_flight_cap in_flight{limits.max_in_flight};  // dispatched, response not yet written
  std::atomic<bool> started{false};
  // Set by http_server::drain(): from then on no request is dispatched (each is refused with 503)
  // and idle connections are closed after limits.drain_idle_grace.
  std::atomic<bool> draining{false};

  // Gate for posting onto the io_context from foreign threads: `stopped` is written under it, and a
  // post happens under it only while !stopped, so shutdown()'s final drain sees every post.
  std::mutex gate_mu;
  std::atomic<bool> stopped{false};

  // Intrusive list of live sessions so shutdown() can close their sockets.
  std::mutex registry_mu;
  session* registry_head = nullptr;

  std::mutex lifecycle_mu;  // serialises start() and shutdown()
  bool shut_down = false;
  std::vector<std::thread> threads;

  void start(const std::string& address, unsigned short port);
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void close_acceptor();
  void begin_drain();
  void shutdown();
  void link(session* s);
  void unlink(session* s);
};

}  // namespace detail
}  // namespace shop::http
