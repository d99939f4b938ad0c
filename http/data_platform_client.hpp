// The transport that delivers paid orders to the external data platform (API.md, "External data
// platform"): one HTTP/1.1 POST per attempt, the order as JSON, `Idempotency-Key: order-<id>`.
#pragma once

#include <chrono>
#include <string>

#include "actors/jobs/order_delivery.hpp"
#include "http/data_platform_url.hpp"
#include "model/rows.hpp"

namespace shop::http {

// A transport that POSTs to `url` the order as order_delivery_json renders it. `timeout` bounds
// connecting, sending and reading the answer together (name resolution is not bounded: use an
// address or a name the resolver answers fast). A 2xx answer means delivered; any other status or a
// network error comes back as the error text. Throws std::invalid_argument when `url` does not
// parse (the app checks it at start-up).
delivery_transport make_data_platform_transport(std::string url, std::chrono::milliseconds timeout);

}  // namespace shop::http
