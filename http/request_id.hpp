// X-Request-Id: the id an answer, its access-log line and its error body share, so one request
// can be followed from a client's report to the server's log. A client's own id is kept when it
// is safe to echo into headers, logs and JSON; otherwise the server makes one.
#pragma once

#include <string>
#include <string_view>

#include "http/http_server.hpp"

namespace shop::http {

inline constexpr std::string_view request_id_header = "X-Request-Id";
inline constexpr std::size_t max_request_id_length = 128;

// 1..128 characters of A-Z a-z 0-9 . _ : - (no spaces, quotes or control characters: nothing a
// log line or a header could be split or forged with).
bool sane_request_id(std::string_view id);

// A new id, unique across processes with high probability: a random prefix drawn once per
// process, then a counter ("3f9c2a71d04e-1a").
std::string new_request_id();

// The request's X-Request-Id when sane, else a new one.
std::string request_id_of(const request& req);

}  // namespace shop::http
