// The HTTP request path: bytes as they arrive on a connection, read by Beast's request parser
// under the server's limits (http/server_state.hpp) with Beast's own read algorithm, then the
// route table and dispatcher (http/route_table.cpp: path, method, ids, admin token, customer
// JWT), then the route's handler (http/handlers/), whose operation is stubbed at the service
// boundary (support/service_stub.cpp) and answers 503. Up to eight requests per input, as on one
// keep-alive connection. Not driven: the socket side of http_session.cpp (timers, 100-continue,
// lingering close).
#include <boost/asio/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "http/server_state.hpp"
#include "tests/fuzz/support/fuzz_shop.hpp"

namespace {

namespace bhttp = boost::beast::http;

// A connection's bytes, handed out in segments of at most 512 bytes, then end of stream.
class byte_stream {
 public:
  using executor_type = boost::asio::any_io_executor;

  byte_stream(const std::uint8_t* data, std::size_t size) : data_(data), left_(size) {}

  template <class Buffers>
  std::size_t read_some(const Buffers& buffers, boost::system::error_code& ec) {
    if (left_ == 0) {
      ec = boost::asio::error::eof;
      return 0;
    }
    ec = {};
    std::size_t n = 0;
    for (auto b : boost::beast::buffers_range_ref(buffers)) {
      const auto take = std::min({b.size(), left_, std::size_t{512} - n});
      std::memcpy(b.data(), data_, take);
      data_ += take;
      left_ -= take;
      n += take;
      if (left_ == 0 || n == 512) break;
    }
    return n;
  }

  template <class Buffers>
  std::size_t read_some(const Buffers& buffers) {
    boost::system::error_code ec;
    auto n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

 private:
  const std::uint8_t* data_;
  std::size_t left_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const shop::fuzz::shop_front front{true};
  static const shop::http::server_limits limits{};
  byte_stream stream{data, size};
  boost::beast::flat_buffer buffer;  // kept across requests, as a connection keeps it
  for (int i = 0; i < 8; ++i) {
    shop::http::detail::request_parser parser;
    shop::http::detail::limit_request_parser(parser, limits);
    boost::system::error_code ec;
    bhttp::read(stream, buffer, parser, ec);
    // A parse error is answered by the session itself (413, 431 or 400) and the connection ends.
    if (ec) return 0;
    const bool keep_alive = parser.get().keep_alive();
    shop::fuzz::check_answer(front.answer(parser.release()));
    if (!keep_alive) return 0;
  }
  return 0;
}
