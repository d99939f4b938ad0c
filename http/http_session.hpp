// One accepted connection of the HTTP server; the class is private to http_session.cpp. These are
// what the listener (http_server.cpp) does to a connection.
#pragma once

#include "http/server_state.hpp"

namespace shop::http::detail {

// Serves `socket` until the connection ends; over capacity, it answers 503 and closes.
void start_session(std::shared_ptr<server_state> st, tcp::socket&& socket, bool over_capacity);

// The registry's links (server_state::registry_head), walked under server_state::registry_mu.
session* next_session(const session& s) noexcept;

// A reference that keeps `s` alive; empty while it is still being constructed or already being
// destroyed. Walked under registry_mu, a caller must drop it only after releasing that lock: it
// may be the last one, and ~session unlinks under the same lock.
std::shared_ptr<session> share_session(session& s);

// From server_state::begin_drain(): the connection closes once it is idle between requests.
void drain_session(session& s);

// Only from server_state::shutdown(), while no I/O thread runs: closes the socket.
void abort_session(session& s) noexcept;

}  // namespace shop::http::detail
