// A held coupon's status: AVAILABLE until it pays for an order (USED), or EXPIRED once past its
// expiry unused. user_coupons.status holds AVAILABLE or USED only: EXPIRED is derived from the
// clock (rules::coupon_status_at). The names are the values of that column and of "status" in the
// JSON, written here only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "model/enum_inspect.hpp"

namespace shop::model {

enum class coupon_status : std::uint8_t {
  available,
  used,
  expired,
  count_ /* keep last */
};

inline constexpr std::size_t coupon_status_count = static_cast<std::size_t>(coupon_status::count_);

inline constexpr std::array<std::string_view, coupon_status_count> coupon_status_names = {
    "AVAILABLE", "USED", "EXPIRED"};

template <>
struct enum_names<coupon_status> {
  static constexpr const auto& names = coupon_status_names;
};

// Empty for a value that is no status (only a cast makes one).
constexpr std::string_view to_string(coupon_status s) {
  return name_of(s);
}

// nullopt for anything but one of the names above (exact case).
constexpr std::optional<coupon_status> coupon_status_from_string(std::string_view s) {
  return enum_of_name<coupon_status>(s);
}

}  // namespace shop::model
