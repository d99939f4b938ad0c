// Sends a ledger record's request to one node and says how it ended, without throwing: a
// connection that cannot be made is `unsent`, a send left without an answer is `no_answer`.
#pragma once

#include <chrono>
#include <cstddef>

#include "tests/chaos/ledger.hpp"

namespace shop::chaos {

attempt send_request(const request_record& r, std::size_t node, unsigned short port,
                     std::chrono::milliseconds timeout);

}  // namespace shop::chaos
