// Enum fields in inspect(): `checked(x.field, end)` sends the field as its underlying integer and
// refuses, when loading, a value at or past `end`, so a message from a newer or broken peer fails
// to decode instead of carrying a value no switch knows. (CAF 0.17 already sends a bare enum as its
// integer, unchecked; an inspect() overload for the enum itself would be ambiguous with that, so
// the check goes through this wrapper.) `by_name(x.field)` sends an enum that has names as its
// name instead, for bytes that outlive a build (below).
#pragma once

#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/sec.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
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

// The names an enum is written as (in SQL, in the JSON, in stored replies), one per enumerator in
// order. Specialized next to the enum: `static constexpr const auto& names = <its std::array>;`.
template <class Enum>
struct enum_names;

// Empty for a value that has no name (only a cast makes one).
template <class Enum>
constexpr std::string_view name_of(Enum e) {
  const auto& names = enum_names<Enum>::names;
  auto i = static_cast<std::size_t>(e);
  return i < names.size() ? names[i] : std::string_view{};
}

// The name of `e` for an enum that has names (see name_of).
template <class Enum, class = decltype(enum_names<Enum>::names)>
constexpr std::string_view to_string(Enum e) {
  return name_of(e);
}

// nullopt for anything but one of the names (exact case).
template <class Enum>
constexpr std::optional<Enum> enum_of_name(std::string_view s) {
  const auto& names = enum_names<Enum>::names;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == s) return static_cast<Enum>(i);
  return std::nullopt;
}

// For inspect(): `by_name(x.field)` sends the field as its name, not its number. Replies stored
// for idempotency keys (actors/entities/reply_codec.hpp) hold such fields as this text, and
// records written before (when the field was a string) must still decode; an unknown name fails
// to decode.
template <class Enum>
struct named_enum {
  Enum& field;
};

template <class Enum>
named_enum<Enum> by_name(Enum& field) {
  return {field};
}

template <class Inspector, class Enum>
typename Inspector::result_type inspect(Inspector& f, named_enum<Enum>& x) {
  std::string name{name_of(x.field)};
  auto load = caf::meta::load_callback([&]() -> caf::error {
    auto e = enum_of_name<Enum>(name);
    if (!e) return caf::sec::invalid_argument;
    x.field = *e;
    return caf::none;
  });
  return f(name, load);
}

}  // namespace shop::model
