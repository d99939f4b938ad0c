#include "http/paging.hpp"

#include <charconv>

namespace shop::http {
namespace {

bool parse_in(const std::string& s, std::int64_t min, std::int64_t max, std::int64_t& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size() && out >= min && out <= max;
}

}  // namespace

std::optional<page_request> parse_paging(const std::optional<std::string>& page,
                                         const std::optional<std::string>& size) {
  page_request r;
  // A page beyond any real catalog is harmless; the cap only keeps page * size from overflowing.
  if (page && !parse_in(*page, 0, 10'000'000, r.page)) return std::nullopt;
  if (size && !parse_in(*size, 1, 100, r.size)) return std::nullopt;
  return r;
}

}  // namespace shop::http
