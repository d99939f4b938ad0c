#include "http/data_platform_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace shop::http {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The URL quoted in an error line: a control or non-ASCII byte shows as '?', so the line stays one
// line of text.
std::string shown(const std::string& url) {
  std::string out = url;
  for (auto& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
  return out;
}

// Host and target go into the delivery's Host header and request line as they are, so only
// characters that cannot end or split either are taken: a host name's letters, digits, '-', '.'
// and '_' (an IPv6 address: hex digits, ':' and '.'), a path's visible ASCII.
bool host_chars(const std::string& host, bool ipv6) {
  return std::all_of(host.begin(), host.end(), [ipv6](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (ipv6) return std::isxdigit(u) || c == ':' || c == '.';
    return std::isalnum(u) || c == '-' || c == '.' || c == '_';
  });
}

bool target_chars(const std::string& target) {
  return std::all_of(target.begin(), target.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != '#';
  });
}

}  // namespace

std::variant<data_platform_endpoint, std::string> parse_data_platform_url(const std::string& url) {
  const std::string bad = "data_platform.url (SHOP_DATA_PLATFORM_URL) '" + shown(url) + "' ";
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return bad + "must look like http://host[:port][/path]";
  const auto scheme = lower(url.substr(0, scheme_end));
  if (scheme == "https") return bad + "uses https, which is not supported (http only)";
  if (scheme != "http") return bad + "must start with http://";
  const auto rest = url.substr(scheme_end + 3);
  const auto path_at = rest.find('/');
  const auto authority = rest.substr(0, path_at);
  data_platform_endpoint ep;
  ep.target = path_at == std::string::npos ? "/" : rest.substr(path_at);
  if (!target_chars(ep.target))
    return bad + "has a space, a control or non-ASCII byte or a fragment in its path";
  if (authority.find('@') != std::string::npos) return bad + "must not carry credentials";
  std::string port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const auto close = authority.find(']');
    if (close == std::string::npos) return bad + "has an unclosed '['";
    ep.host = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return bad + "has text after ']'";
    has_port = !after.empty();
    if (has_port) port_text = after.substr(1);
  } else {
    const auto colon = authority.find(':');
    ep.host = authority.substr(0, colon);
    has_port = colon != std::string::npos;
    if (has_port) port_text = authority.substr(colon + 1);
  }
  if (ep.host.empty()) return bad + "has no host";
  if (!host_chars(ep.host, !authority.empty() && authority.front() == '['))
    return bad + "has a character a host name cannot have";
  if (has_port) {
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port < 1 || port > 65535)
      return bad + "has a bad port '" + port_text + "'";
    ep.port = static_cast<std::uint16_t>(port);
  }
  return ep;
}

}  // namespace shop::http
