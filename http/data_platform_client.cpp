#include "http/data_platform_client.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

#include "http/order_json.hpp"

namespace shop::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::size_t max_answer_bytes = 1024 * 1024;  // a receiver's answer is only read for 2xx
constexpr std::size_t max_body_in_error = 200;

// The start of a refusal's body as one line of printable ASCII: it goes into the failure log (a
// utf8mb4 column that refuses broken UTF-8) and a log line.
std::string excerpt(const std::string& body) {
  std::string out = body.substr(0, max_body_in_error);
  for (auto& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '\n' || u == '\r' || u == '\t')
      c = ' ';
    else if (u < 0x20 || u >= 0x7f)
      c = '?';
  }
  if (body.size() > max_body_in_error) out += "...";
  return out;
}

std::string host_header(const data_platform_endpoint& ep) {
  auto host = ep.host.find(':') != std::string::npos ? "[" + ep.host + "]" : ep.host;
  return ep.port == 80 ? host : host + ":" + std::to_string(ep.port);
}

// One POST. Everything runs on a private io_context inside this call: Beast's timeouts exist only
// for async operations on a tcp_stream, and the delivery actor is detached, so blocking here is
// fine. Locals outlive the handlers because ioc.run() returns only when no work is left.
std::optional<std::string> post_once(const data_platform_endpoint& ep, const std::string& body,
                                     std::int64_t order_id, std::chrono::milliseconds timeout) {
  using clock = std::chrono::steady_clock;
  net::io_context ioc;
  tcp::resolver resolver{ioc};
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(max_answer_bytes);

  bhttp::request<bhttp::string_body> req{bhttp::verb::post, ep.target, 11};
  req.set(bhttp::field::host, host_header(ep));
  req.set(bhttp::field::user_agent, "shop-server");
  req.set(bhttp::field::content_type, "application/json");
  req.set("Idempotency-Key", "order-" + std::to_string(order_id));
  req.keep_alive(false);
  req.body() = body;
  req.prepare_payload();

  const auto deadline = clock::now() + timeout;
  auto remaining = [&] {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
    return std::max(left, std::chrono::milliseconds(1));
  };
  const std::string where = host_header(ep);
  std::optional<std::string> failure;
  auto fail = [&](const char* step, beast::error_code ec) {
    failure = ec == beast::error::timeout ? std::string(step) + " " + where + ": timed out after " +
                                                std::to_string(timeout.count()) + " ms"
                                          : std::string(step) + " " + where + ": " + ec.message();
  };

  resolver.async_resolve(
      ep.host, std::to_string(ep.port),
      [&](beast::error_code ec, tcp::resolver::results_type results) {
        if (ec) return fail("resolve", ec);
        stream.expires_after(remaining());
        stream.async_connect(results, [&](beast::error_code ec, const tcp::endpoint&) {
          if (ec) return fail("connect", ec);
          stream.expires_after(remaining());
          bhttp::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
            if (ec) return fail("send to", ec);
            stream.expires_after(remaining());
            bhttp::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) {
              if (ec) return fail("read answer from", ec);
            });
          });
        });
      });
  ioc.run();
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  if (failure) return failure;
  const auto& res = parser.get();
  if (bhttp::to_status_class(res.result()) == bhttp::status_class::successful) return std::nullopt;
  std::string text = "HTTP " + std::to_string(res.result_int());
  if (!res.reason().empty()) text += " " + std::string(res.reason());
  if (!res.body().empty()) text += ": " + excerpt(res.body());
  return text;
}

}  // namespace

delivery_transport make_data_platform_transport(std::string url,
                                                std::chrono::milliseconds timeout) {
  auto parsed = parse_data_platform_url(url);
  if (auto* err = std::get_if<std::string>(&parsed)) throw std::invalid_argument(*err);
  return [ep = std::get<data_platform_endpoint>(std::move(parsed)),
          timeout](const model::order_record& order) -> std::optional<std::string> {
    try {
      // Replace, not throw, on bad UTF-8 in a name: a throw would fail this order forever.
      auto body =
          order_delivery_json(order).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return post_once(ep, body, order.row.id, timeout);
    } catch (const std::exception& e) {  // e.g. bad_alloc: no exception leaves the actor
      return std::string("delivery failed: ") + e.what();
    }
  };
}

}  // namespace shop::http
