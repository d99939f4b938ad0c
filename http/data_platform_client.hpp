// The transport that delivers paid orders to the external data platform (API.md, "External data
// platform"): one HTTP/1.1 POST per attempt, the order as JSON, `Idempotency-Key: order-<id>`.
//
// Only plain `http://host[:port][/path]` URLs: https is not supported (the shop links no TLS
// client; put a TLS-terminating proxy on loopback in front of an https endpoint).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>

#include "actors/jobs/order_delivery.hpp"
#include "model/rows.hpp"

namespace shop::http {

struct data_platform_endpoint {
  std::string host;         // name or address; an IPv6 address without brackets
  std::uint16_t port = 80;  // 80 when the URL names none
  std::string target;       // path and query, "/" when the URL has none
};

// Parses `url`; the endpoint, or one line saying what is wrong with it.
std::variant<data_platform_endpoint, std::string> parse_data_platform_url(const std::string& url);

// A transport that POSTs to `url` the order as order_delivery_json renders it. `timeout` bounds
// connecting, sending and reading the answer together (name resolution is not bounded: use an
// address or a name the resolver answers fast). A 2xx answer means delivered; any other status or a
// network error comes back as the error text. Throws std::invalid_argument when `url` does not
// parse (the app checks it at start-up).
delivery_transport make_data_platform_transport(std::string url, std::chrono::milliseconds timeout);

}  // namespace shop::http
