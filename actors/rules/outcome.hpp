// What a rule answers: a value, or the shop_error that says why not. Free of CAF, so rules stay
// plain functions; actors turn the error into a caf::error with make_error.
#pragma once

#include <utility>
#include <variant>

#include "actors/shop_error_code.hpp"

namespace shop::rules {

template <class T>
class outcome {
 public:
  outcome(T value) : v_(std::move(value)) {}  // NOLINT: implicit on purpose, like expected<T>
  outcome(shop_error e) : v_(e) {}            // NOLINT

  explicit operator bool() const { return std::holds_alternative<T>(v_); }
  const T& operator*() const { return std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  shop_error error() const { return std::get<shop_error>(v_); }

 private:
  std::variant<T, shop_error> v_;
};

}  // namespace shop::rules
