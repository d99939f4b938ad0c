// The data platform's URL (http/data_platform_url.cpp), from data_platform.url or
// SHOP_DATA_PLATFORM_URL: what it accepts becomes the request line and Host header of every
// delivery, so an accepted endpoint must have a host, a port in 1..65535 and a target starting
// with '/', none of them with a space or control character (which would split or smuggle headers),
// and must make a request Beast can write.
//
// Input: the URL.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>

#include "http/data_platform_url.hpp"

namespace {

[[noreturn]] void finding(const char* what, const std::string& url) {
  std::fprintf(stderr, "fuzz finding: %s: '%s'\n", what, url.c_str());
  std::abort();
}

bool printable(const std::string& s) {
  for (unsigned char ch : s)
    if (ch <= 0x20 || ch >= 0x7f) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string url{reinterpret_cast<const char*>(data), size};
  auto parsed = shop::http::parse_data_platform_url(url);
  if (auto* err = std::get_if<std::string>(&parsed)) {
    if (err->empty()) finding("refused without saying why", url);
    return 0;
  }
  const auto& ep = std::get<shop::http::data_platform_endpoint>(parsed);
  if (ep.host.empty() || !printable(ep.host))
    finding("accepted a host that is empty or not printable", url);
  if (ep.port == 0) finding("accepted port 0", url);
  if (ep.target.empty() || ep.target.front() != '/' || !printable(ep.target))
    finding("accepted a target that is not a printable path", url);
  // The request post_once() writes, serialized as it would be on the wire.
  boost::beast::http::request<boost::beast::http::string_body> req{boost::beast::http::verb::post,
                                                                   ep.target, 11};
  req.set(boost::beast::http::field::host, ep.host);
  req.body() = "{}";
  req.prepare_payload();
  std::string wire;
  boost::beast::http::serializer<true, boost::beast::http::string_body> sr{req};
  boost::system::error_code ec;
  do {
    sr.next(ec, [&](boost::system::error_code&, const auto& buffers) {
      for (auto b : boost::beast::buffers_range_ref(buffers))
        wire.append(static_cast<const char*>(b.data()), b.size());
      sr.consume(boost::beast::buffer_bytes(buffers));
    });
  } while (!ec && !sr.is_done());
  if (ec) finding("the delivery request cannot be written", url);
  if (wire.find("\r\n\r\n") != wire.size() - 6)  // the header ends just before the body "{}"
    finding("the delivery request's header ends early", url);
  return 0;
}
