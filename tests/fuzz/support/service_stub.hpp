// The shop's operations (service/) replaced for the fuzz targets: the HTTP layer runs for real up
// to the service boundary, where every operation answers 503 at once. No actors, no database.
#pragma once

#include <cstdint>

namespace shop::fuzz {

// Operations called since the process started: a request that reaches one passed every check
// the HTTP layer makes of its input.
std::uint64_t service_calls();

}  // namespace shop::fuzz
