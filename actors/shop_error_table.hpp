// What the client hears for each shop_error: its API.md code, its default message and its HTTP
// status, all read from one table (actors/shop_error_table.cpp). Free of CAF and of Beast.
#pragma once

#include <cstdint>
#include <string_view>

#include "actors/shop_error_code.hpp"

namespace shop {

// The upper-case code of API.md, e.g. INSUFFICIENT_STOCK.
std::string_view code_of(shop_error e);

// The error body's `message` when the caller has nothing more precise: what a customer can do
// about it.
std::string_view message_of(shop_error e);

// The HTTP status as a number; only http/ reads it (http/error_mapping.cpp).
std::uint16_t http_status_of(shop_error e);

}  // namespace shop
