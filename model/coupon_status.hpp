// A held coupon's status: AVAILABLE until it pays for an order (USED), or EXPIRED once past its
// expiry unused. user_coupons.status holds AVAILABLE or USED only: EXPIRED is derived from the
// clock (rules::coupon_status_at). The names are the values of that column and of "status" in the
// JSON, written here only; to_string and enum_of_name (model/enum_inspect.hpp) read them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/enum_inspect.hpp"

namespace shop::model {

enum class coupon_status : std::uint8_t {
  available,
  used,
  expired,
  count_ /* keep last */
};

inline constexpr std::array<std::string_view, static_cast<std::size_t>(coupon_status::count_)>
    coupon_status_names = {"AVAILABLE", "USED", "EXPIRED"};

template <>
struct enum_names<coupon_status> {
  static constexpr const auto& names = coupon_status_names;
};

}  // namespace shop::model
