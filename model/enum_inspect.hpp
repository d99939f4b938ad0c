// Enum fields in inspect(): `checked(x.field, end)` sends the field as its underlying integer and
// refuses, when loading, a value at or past `end`, so a message from a newer or broken peer fails
// to decode instead of carrying a value no switch knows. (CAF 0.17 already sends a bare enum as its
// integer, unchecked; an inspect() overload for the enum itself would be ambiguous with that, so
// the check goes through this wrapper.)
#pragma once

#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/sec.hpp>
#include <type_traits>

namespace shop::model {

template <class Enum>
struct checked_enum {
  static_assert(std::is_enum_v<Enum>);
  Enum& field;
  Enum end;  // one past the last enumerator; they run from 0 without gaps
};

template <class Enum>
checked_enum<Enum> checked(Enum& field, Enum end) {
  return {field, end};
}

template <class Inspector, class Enum>
typename Inspector::result_type inspect(Inspector& f, checked_enum<Enum>& x) {
  using underlying = std::underlying_type_t<Enum>;
  auto n = static_cast<underlying>(x.field);
  auto load = caf::meta::load_callback([&]() -> caf::error {
    if constexpr (std::is_signed_v<underlying>)
      if (n < 0) return caf::sec::invalid_argument;
    if (n >= static_cast<underlying>(x.end)) return caf::sec::invalid_argument;
    x.field = static_cast<Enum>(n);
    return caf::none;
  });
  return f(n, load);
}

}  // namespace shop::model
