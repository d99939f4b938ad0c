// Customer tokens: JWT, HS256 only, claim `sub` = user id as a decimal string, claim `exp`
// required.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
namespace shop::http {
// A signed token for `user_id`, valid until now_s + ttl_s (seconds since the epoch).
std::string issue_customer_token(std::string_view secret, std::int64_t user_id, std::int64_t now_s,
                                 std::int64_t ttl_s);
// The user id the token speaks for, or nullopt (and a short reason in *why, if given) when the
// token is not acceptable.
std::optional<std::int64_t> verify_customer_token(std::string_view token, std::string_view secret,
                                                  std::int64_t now_s, std::string* why = nullptr);
}  // namespace shop::http
