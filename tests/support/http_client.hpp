// A small synchronous HTTP/1.1 client over loopback (Boost.Beast), for the end-to-end tests.
//
// Every operation has a deadline; nothing here can hang a test run. Header names in
// http_result::headers are lower-cased ("content-type"), so tests need not guess the case.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace shop::test {

using header_list = std::vector<std::pair<std::string, std::string>>;

constexpr std::chrono::milliseconds default_http_timeout{10000};

struct http_result {
  int status = 0;
  std::string body;
  // Parses body; throws std::runtime_error (with the status and body) if it is not JSON.
  nlohmann::json json() const;
  std::map<std::string, std::string> headers;  // lower-cased names
};

// The connection could not be made: nothing was sent, so the request cannot have been acted on
// (a load tool tells this apart from a request sent and left without an answer).
struct http_connect_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One request on a new connection (closed afterwards). Content-Type: application/json is sent when
// body is non-empty (unless `headers` has a Content-Type). Throws std::runtime_error if the server
// cannot be reached (http_connect_error), the exchange fails or `timeout` passes.
http_result http_call(unsigned short port, std::string method, std::string target,
                      std::string body = "", header_list headers = {},
                      std::chrono::milliseconds timeout = default_http_timeout);

// A keep-alive connection: several requests in turn, or raw bytes for protocol tests.
class http_connection {
 public:
  // Connects to 127.0.0.1:port; throws http_connect_error on failure.
  explicit http_connection(unsigned short port,
                           std::chrono::milliseconds timeout = default_http_timeout);
  ~http_connection();
  http_connection(const http_connection&) = delete;
  http_connection& operator=(const http_connection&) = delete;
  http_connection(http_connection&&) noexcept;
  http_connection& operator=(http_connection&&) noexcept;

  // One request on this connection (keep-alive). Throws std::runtime_error on failure or timeout;
  // after a throw the connection is unusable.
  http_result call(std::string method, std::string target, std::string body = "",
                   header_list headers = {});

  // Writes bytes as they are (throws std::runtime_error if the write fails).
  void send_raw(std::string bytes);
  // Whatever arrives within `wait` (at least one byte, at most what one read returns, plus anything
  // already buffered); "" on EOF, error or timeout.
  std::string read_some_raw(std::chrono::milliseconds wait);
  // True if the peer closes the connection (EOF or reset) within `wait`; data that arrives first is
  // discarded. False if the connection is still open when `wait` passes.
  bool closed_by_peer(std::chrono::milliseconds wait);

  unsigned short port() const;

 private:
  friend http_result http_call(unsigned short, std::string, std::string, std::string, header_list,
                               std::chrono::milliseconds);

  struct impl;
  std::unique_ptr<impl> p_;
};

}  // namespace shop::test
