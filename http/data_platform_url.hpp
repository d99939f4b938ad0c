// The data platform's URL (data_platform.url, SHOP_DATA_PLATFORM_URL), read once at start-up.
//
// Only plain `http://host[:port][/path]` URLs: https is not supported (the shop links no TLS
// client; put a TLS-terminating proxy on loopback in front of an https endpoint).
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace shop::http {

struct data_platform_endpoint {
  std::string host;         // name or address; an IPv6 address without brackets
  std::uint16_t port = 80;  // 80 when the URL names none
  std::string target;       // path and query, "/" when the URL has none
};

// Parses `url`; the endpoint, or one line saying what is wrong with it.
std::variant<data_platform_endpoint, std::string> parse_data_platform_url(const std::string& url);

}  // namespace shop::http
