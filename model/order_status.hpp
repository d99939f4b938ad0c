// Where an order is in its workflow: PENDING (stock held until expires_at) then PAID, CANCELLED
// or EXPIRED. The names are the values of orders.status and of "status" in the JSON, written here
// only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "model/enum_inspect.hpp"

namespace shop::model {

enum class order_status : std::uint8_t {
  pending,
  paid,
  cancelled,
  expired,
  count_ /* keep last */
};

inline constexpr std::size_t order_status_count = static_cast<std::size_t>(order_status::count_);

inline constexpr std::array<std::string_view, order_status_count> order_status_names = {
    "PENDING", "PAID", "CANCELLED", "EXPIRED"};

template <>
struct enum_names<order_status> {
  static constexpr const auto& names = order_status_names;
};

// nullopt for anything but one of the names above (exact case).
constexpr std::optional<order_status> order_status_from_string(std::string_view s) {
  return enum_of_name<order_status>(s);
}

}  // namespace shop::model
