// In a cluster, a killed node's customers must be served by the other nodes within the lease
// + 5 s (issue 19): before the kill the probe picks a customer the node owns, and after it asks
// for that customer's balance through another node until the answer is 200.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "tests/support/node_fleet.hpp"
#include "tests/chaos/shop_world.hpp"

namespace shop::chaos {

struct takeover_probe {
  std::int64_t user = 0;
  std::string token;
  std::size_t via = 0;  // the node asked after the kill
};

// A customer `victim` owns now (asked through `victim`'s /admin/actors), nullopt if none of a
// sample of customers is.
std::optional<takeover_probe> probe_customer_of(const shop_world& w, const test::node_fleet& fleet,
                                                std::size_t victim, std::mt19937& rng);

// Milliseconds from `since` until the probe's balance answers 200; nullopt if not within `limit`.
std::optional<long> time_to_first_answer(const takeover_probe& p, const test::node_fleet& fleet,
                                         std::chrono::steady_clock::time_point since,
                                         std::chrono::milliseconds limit);

}  // namespace shop::chaos
