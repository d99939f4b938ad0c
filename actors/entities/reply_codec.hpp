// Turns a reply value into text and back (CAF's binary format, hex-encoded), so an idempotency
// record can store the first answer and a replay can hand out the very same value.
#pragma once

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/optional.hpp>
#include <string>
#include <vector>

namespace shop {

template <class T>
std::string encode_reply(const T& value) {
  std::vector<char> buf;
  caf::binary_serializer sink{nullptr, buf};
  auto copy = value;  // inspect() takes a mutable reference
  if (sink(copy)) return {};
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(buf.size() * 2);
  for (char c : buf) {
    auto b = static_cast<unsigned char>(c);
    out += digits[b >> 4];
    out += digits[b & 0xf];
  }
  return out;
}

// nullopt when `text` is not an encoding of a T (a record written by an incompatible build).
template <class T>
caf::optional<T> decode_reply(const std::string& text) {
  if (text.empty() || text.size() % 2 != 0) return caf::none;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::vector<char> buf;
  buf.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    int hi = nibble(text[i]), lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return caf::none;
    buf.push_back(static_cast<char>(hi * 16 + lo));
  }
  T value;
  caf::binary_deserializer source{nullptr, buf};
  if (source(value) || source.remaining() != 0) return caf::none;
  return value;
}

}  // namespace shop
