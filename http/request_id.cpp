#include "http/request_id.hpp"

#include <spdlog/fmt/fmt.h>

#include <atomic>
#include <cstdint>
#include <random>

namespace shop::http {

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > max_request_id_length) return false;
  for (char ch : id) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == ':' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

std::string new_request_id() {
  static const std::uint64_t prefix = [] {
    std::random_device rd;
    return ((static_cast<std::uint64_t>(rd()) << 32) ^ rd()) & 0xffffffffffffULL;
  }();
  static std::atomic<std::uint64_t> next{0};
  return fmt::format("{:012x}-{:x}", prefix, next.fetch_add(1, std::memory_order_relaxed));
}

std::string request_id_of(const request& req) {
  auto it = req.find(boost::beast::string_view{request_id_header.data(), request_id_header.size()});
  if (it != req.end()) {
    std::string_view given{it->value().data(), it->value().size()};
    if (sane_request_id(given)) return std::string{given};
  }
  return new_request_id();
}

}  // namespace shop::http
