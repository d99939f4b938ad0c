// Where an order is in its workflow: PENDING (stock held until expires_at) then PAID, CANCELLED
// or EXPIRED. The names are the values of orders.status and of "status" in the JSON, written here
// only.
#pragma once

#include <array>
#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/sec.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

// Empty for a value that is no status (only a cast makes one).
constexpr std::string_view to_string(order_status s) {
  auto i = static_cast<std::size_t>(s);
  return i < order_status_count ? order_status_names[i] : std::string_view{};
}

// nullopt for anything but one of the names above (exact case).
constexpr std::optional<order_status> order_status_from_string(std::string_view s) {
  for (std::size_t i = 0; i < order_status_count; ++i)
    if (order_status_names[i] == s) return static_cast<order_status>(i);
  return std::nullopt;
}

// For inspect(): `by_name(x.status)` sends the status as its name, not its number. Replies stored
// for idempotency keys (actors/reply_codec.hpp) hold an order's status as this text, and records
// written before must still decode; an unknown name fails to decode.
struct order_status_by_name {
  order_status& field;
};

inline order_status_by_name by_name(order_status& field) {
  return {field};
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_status_by_name& x) {
  std::string name{to_string(x.field)};
  auto load = caf::meta::load_callback([&]() -> caf::error {
    auto s = order_status_from_string(name);
    if (!s) return caf::sec::invalid_argument;
    x.field = *s;
    return caf::none;
  });
  return f(name, load);
}

}  // namespace shop::model
