// List paging of API.md: page 0-based (default 0), size 1..100 (default 20).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace shop::http {

struct page_request {
  std::int64_t page = 0;
  std::int64_t size = 20;
};

// nullopt when either value is present but not an integer in range.
std::optional<page_request> parse_paging(const std::optional<std::string>& page,
                                         const std::optional<std::string>& size);

}  // namespace shop::http
