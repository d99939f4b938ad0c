#pragma once

// Asynchronous HTTP/1.1 front end (Boost.Beast). It knows no routes: every complete request is
// handed to a dispatch_fn, which answers later, from any thread, through a respond_fn.
//
// One request at a time per connection (read -> dispatch -> write -> read again); keep-alive as
// the client asks; protocol errors (oversized body/header, malformed request, too many
// connections) are answered by the server itself with error_response() (http/error_mapping.hpp):
// status and code from the shop's error table.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace shop::http {

using request = boost::beast::http::request<boost::beast::http::string_body>;
using response = boost::beast::http::response<boost::beast::http::string_body>;
// Completion of one request. Callable from any thread, exactly once (later calls are ignored and
// logged). The server sets the version and keep-alive from the request and fixes Content-Length if
// the handler forgot. If the server was stopped meanwhile, the response is dropped.
using respond_fn = std::function<void(response)>;
// The server does not know routes; it hands every complete request to this. Called on an I/O
// thread: it must not block. An exception thrown from it is answered 500 INTERNAL.
using dispatch_fn = std::function<void(request&&, respond_fn)>;

struct server_limits {
  std::size_t body_limit = 64 * 1024;    // larger body -> 413 PAYLOAD_TOO_LARGE
  std::size_t header_limit = 16 * 1024;  // larger header block -> 431
  std::size_t max_header_fields = 100;   // more header fields -> 431
  std::chrono::milliseconds read_timeout{
      15000};  // whole request must arrive within this; idle keep-alive too
  std::chrono::milliseconds write_timeout{15000};
  std::size_t max_connections = 4096;  // over it: accept, answer 503, close
  // Requests dispatched and not yet answered, over all connections; one more is answered 503 with
  // Retry-After without being dispatched (in_flight_cap.hpp).
  std::size_t max_in_flight = 1024;
  // During drain(): how long a connection idle between requests stays open, so that a request
  // already on its way is refused with a 503 rather than cut off by the close.
  std::chrono::milliseconds drain_idle_grace{500};
  unsigned io_threads = 2;
};

namespace detail {
struct server_state;
}

class http_server {
 public:
  http_server(std::string address, unsigned short port, server_limits limits, dispatch_fn dispatch);
  ~http_server();  // stops and joins

  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  unsigned short port()
      const;  // the bound port (useful when constructed with port 0); 0 before start()
  // Binds, listens, starts io_threads threads; throws std::runtime_error with a clear message if it
  // cannot bind (or was already started/stopped).
  void start();
  void stop_accepting();  // closes the acceptor; open connections keep being served
  // Graceful stop, first half. Stops accepting; a request already dispatched gets its answer with
  // Connection: close; any request read from now on is refused before it is dispatched (503
  // SERVICE_UNAVAILABLE, Retry-After, Connection: close), so nothing is acted on that could go
  // unanswered; a connection idle between requests is closed after limits.drain_idle_grace.
  // Waits until every connection has ended or `timeout` passes; true if all ended.
  bool drain(std::chrono::milliseconds timeout);
  // Waits until no request is being processed (dispatched but not yet written) or the timeout
  // passes; returns true if drained.
  bool wait_idle(std::chrono::milliseconds timeout);
  // Closes everything, stops the io_context, joins the threads. Idempotent. Called from an I/O
  // thread (inside dispatch) it only starts the shutdown, which finishes on a helper thread.
  void stop();
  std::size_t open_connections() const;

 private:
  std::string address_;
  unsigned short requested_port_;
  std::shared_ptr<detail::server_state> st_;
};

}  // namespace shop::http
