// Modelled on Beast 1.74 example/advanced/server/advanced_server.cpp: one connection on a strand,
// one request in flight at a time, the handler answering asynchronously through respond_fn.

#include "http/http_session.hpp"

#include "http/request_id.hpp"

namespace shop::http::detail {

namespace {

constexpr std::string_view k_continue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::chrono::milliseconds k_max_linger{1000};

bool is_http_error(const beast::error_code& ec) {
  static const boost::system::error_category& cat =
      bhttp::make_error_code(bhttp::error::bad_method).category();
  return ec.category() == cat;
}

// True if the framing headers of `r` already describe its body, so prepare_payload() is not needed.
bool payload_consistent(const response& r) {
  if (r.chunked()) return r.version() >= 11;
  const auto it = r.find(bhttp::field::content_length);
  if (it == r.end()) return false;
  const auto v = it->value();
  std::uint64_t n = 0;
  const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  return ec == std::errc{} && ptr == v.data() + v.size() && n == r.body().size();
}

}  // namespace

class session : public std::enable_shared_from_this<session> {
 public:
  session(std::shared_ptr<server_state> st, tcp::socket&& socket)
      : st_(std::move(st)), stream_(std::move(socket)), idle_close_(stream_.get_executor()) {
    st_->link(this);
  }

  ~session() {
    if (awaiting_.load(std::memory_order_acquire) != 0) {
      // During shutdown the route layer dropping pending completions is expected.
      if (st_->stopped.load(std::memory_order_relaxed))
        spdlog::debug("http_server: pending respond_fn dropped after stop()");
      else
        spdlog::error(
            "http_server: a respond_fn was destroyed without being called; connection closed");
    }
    if (holds_in_flight_) st_->in_flight.leave();
    st_->unlink(this);
    st_->connections.fetch_sub(1, std::memory_order_acq_rel);
  }

  void start(bool over_capacity) {
    // The socket's executor is this connection's strand: enter it before touching the stream.
    net::dispatch(stream_.get_executor(), [self = shared_from_this(), over_capacity] {
      if (over_capacity)
        self->reject_over_capacity();
      else
        self->do_read();
    });
  }

  // Only from shutdown(), while no I/O thread runs.
  void abort() noexcept {
    boost::system::error_code ignored;
    idle_close_.cancel(ignored);
    stream_.close();
  }

  // From server_state::begin_drain(), any thread, under the gate (the server is not stopped).
  void enter_drain() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->reading_header_) self->close_when_idle();
    });
  }

  // Completion of request `gen`; any thread.
  void complete(std::uint64_t gen, response&& res) noexcept {
    std::uint64_t expected = gen;
    if (!awaiting_.compare_exchange_strong(expected, 0, std::memory_order_acq_rel)) {
      spdlog::error("http_server: respond_fn called more than once for one request; ignored");
      return;
    }
    try {
      std::lock_guard<std::mutex> lk(st_->gate_mu);
      if (st_->stopped.load(std::memory_order_relaxed))
        return;  // dropped; ~session releases in_flight
      net::post(stream_.get_executor(), [self = shared_from_this(), r = std::move(res)]() mutable {
        self->on_response(std::move(r));
      });
    } catch (const std::exception& e) {
      spdlog::error("http_server: cannot schedule response: {}", e.what());
    }
  }

  session* prev = nullptr;  // registry links, guarded by server_state::registry_mu
  session* next = nullptr;

 private:
  void do_read() {
    parser_.emplace();
    limit_request_parser(*parser_, st_->limits);
    // One deadline for the whole request (idle keep-alive time included): a client trickling bytes
    // does not extend it.
    read_deadline_ = std::chrono::steady_clock::now() + st_->limits.read_timeout;
    stream_.expires_at(read_deadline_);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&session::on_header, shared_from_this()));
    reading_header_ = true;
    if (st_->draining.load()) close_when_idle();
  }

  // Draining: a connection between requests is closed after a short grace, unless a request has
  // begun to arrive (that one is read and refused in dispatch_request()).
  void close_when_idle() {
    if (idle_close_armed_) return;
    idle_close_armed_ = true;
    idle_close_.expires_after(st_->limits.drain_idle_grace);
    idle_close_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || !self->reading_header_ || self->buffer_.size() != 0) return;
      self->stream_.cancel();  // on_header sees operation_aborted and closes quietly
    });
  }

  void on_header(beast::error_code ec, std::size_t) {
    reading_header_ = false;
    if (st_->stopped.load(std::memory_order_relaxed)) return;  // completed just before stop(): drop
    if (ec) return on_read_error(ec);
    // Beast bounds the header block's bytes only; many tiny fields would still cost a map entry
    // each in every layer that reads them.
    if (too_many_fields(parser_->get())) {
      return send_error_and_close(shop_error::header_too_large,
                                  "request has more than " +
                                      std::to_string(st_->limits.max_header_fields) +
                                      " header fields");
    }
    if (parser_->is_done()) return dispatch_request();
    // A body follows. Content-Length over the limit was already rejected by the parser (body_limit)
    // before any body byte was read; an announced-but-acceptable body gets its 100 Continue.
    const auto& req = parser_->get();
    const auto expect = req.find(bhttp::field::expect);
    if (req.version() >= 11 && expect != req.end() &&
        beast::iequals(expect->value(), "100-continue")) {
      stream_.expires_after(st_->limits.write_timeout);
      net::async_write(
          stream_, net::const_buffer(k_continue.data(), k_continue.size()),
          beast::bind_front_handler(&session::on_continue_written, shared_from_this()));
      return;
    }
    read_body();
  }

  void on_continue_written(beast::error_code ec, std::size_t) {
    if (ec) return;  // connection gone: drop quietly
    stream_.expires_at(read_deadline_);
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (st_->stopped.load(std::memory_order_relaxed)) return;
    if (ec) return on_read_error(ec);
    dispatch_request();
  }

  void on_read_error(const beast::error_code& ec) {
    if (ec == bhttp::error::body_limit) {
      return send_error_and_close(
          shop_error::payload_too_large,
          "request body exceeds " + std::to_string(st_->limits.body_limit) + " bytes");
    }
    if (ec == bhttp::error::header_limit) {
      return send_error_and_close(
          shop_error::header_too_large,
          "request header fields exceed " + std::to_string(st_->limits.header_limit) + " bytes");
    }
    // end_of_stream / partial_message: the client went away (EOF), nobody to answer.
    if (is_http_error(ec) && ec != bhttp::error::end_of_stream &&
        ec != bhttp::error::partial_message) {
      return send_error_and_close(shop_error::invalid_argument, "malformed HTTP request");
    }
    // Timeout (the stream already closed the socket), EOF, reset, aborted: close quietly.
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  bool too_many_fields(const request& req) const {
    std::size_t n = 0;
    for (auto it = req.begin(); it != req.end(); ++it)
      if (++n > st_->limits.max_header_fields) return true;
    return false;
  }

  void dispatch_request() {
    if (st_->draining.load()) return refuse_while_draining();
    auto& req = parser_->get();
    req_version_ = req.version();
    req_keep_alive_ = req.keep_alive();
    req_head_ = req.method() == bhttp::verb::head;
    if (!st_->in_flight.try_enter()) return refuse_over_in_flight_cap();
    const std::uint64_t gen = ++gen_;
    awaiting_.store(gen, std::memory_order_release);
    holds_in_flight_ = true;
    try {
      st_->dispatch(parser_->release(), [self = shared_from_this(), gen](response res) {
        self->complete(gen, std::move(res));
      });
    } catch (const std::exception& e) {
      spdlog::error("http_server: dispatch threw: {}", e.what());
      internal_error(gen);
    } catch (...) {
      spdlog::error("http_server: dispatch threw a non-std exception");
      internal_error(gen);
    }
  }

  void internal_error(std::uint64_t gen) noexcept {
    try {
      complete(gen, error_response(shop_error::internal, req_version_, req_keep_alive_));
    } catch (...) {
      // error_response only throws on allocation failure; the connection then closes when
      // released.
    }
  }

  void on_response(response&& res) {
    if (st_->stopped.load(std::memory_order_relaxed)) return;
    res_ = std::move(res);
    try {
      finalize_response();
    } catch (const std::exception& e) {
      spdlog::error("http_server: invalid response from handler: {}", e.what());
      res_ = error_response(shop_error::internal, req_version_, false);
      close_after_write_ = true;
    }
    write_response();
  }

  // Version and keep-alive follow the request (and the handler's Connection: close, if any);
  // framing headers are fixed if the handler forgot them. Every answer has an X-Request-Id (the
  // route layer sets the request's; an answer made elsewhere gets a new one).
  void finalize_response() {
    const boost::beast::string_view rid_field{request_id_header.data(), request_id_header.size()};
    if (res_.find(rid_field) == res_.end()) res_.set(rid_field, new_request_id());
    // The handler can only veto keep-alive, with an explicit Connection: close (a 1.0-style
    // response without a Connection header does not count as one).
    const bool handler_close =
        !res_.keep_alive() &&
        (res_.version() >= 11 || res_.find(bhttp::field::connection) != res_.end());
    const bool keep_alive = req_keep_alive_ && !handler_close && !st_->draining.load();
    if (res_.version() != req_version_) res_.version(req_version_);
    if (res_.keep_alive() != keep_alive) res_.keep_alive(keep_alive);
    close_after_write_ = !keep_alive;

    const unsigned code = res_.result_int();
    if (code / 100 == 1 || code == 204) {
      res_.body().clear();
      res_.erase(bhttp::field::content_length);
      res_.erase(bhttp::field::transfer_encoding);
    } else if (code == 304) {
      res_.body().clear();
    } else if (req_head_) {
      // No body on the wire for HEAD; keep the length the handler announced (or the body's).
      if (!res_.body().empty()) {
        if (!res_.has_content_length() && !res_.chunked()) res_.content_length(res_.body().size());
        res_.body().clear();
      }
    } else if (!payload_consistent(res_)) {
      res_.prepare_payload();
    }
  }

  void write_response() {
    stream_.expires_after(st_->limits.write_timeout);
    bhttp::async_write(stream_, res_,
                       beast::bind_front_handler(&session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (holds_in_flight_) {
      holds_in_flight_ = false;
      st_->in_flight.leave();
    }
    if (ec) return;  // write failed or timed out: the session ends, the socket closes
    if (linger_after_write_ || (close_after_write_ && st_->draining.load())) return linger();
    if (close_after_write_) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    res_ = response{};  // release the body now rather than when the next response arrives
    do_read();
  }

  // The server's own error answer, with a new X-Request-Id in its header and body.
  static response own_error(shop_error e, std::string_view message, unsigned version,
                            bool keep_alive = false) {
    const auto rid = new_request_id();
    auto res = error_response(e, message, version, keep_alive, rid);
    res.set(boost::beast::string_view{request_id_header.data(), request_id_header.size()}, rid);
    return res;
  }

  // Errors the server answers itself always close the connection.
  void send_error_and_close(shop_error e, std::string_view message) {
    const unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    parser_.reset();
    res_ = own_error(e, message, version);
    close_after_write_ = true;
    linger_after_write_ = true;
    write_response();
  }

  // Read after drain() began: never dispatched, so never acted on; the client may safely retry.
  void refuse_while_draining() {
    const unsigned version = parser_->get().version();
    parser_.reset();
    res_ = own_error(shop_error::unavailable, "the server is shutting down; retry", version);
    close_after_write_ = true;
    linger_after_write_ = true;
    write_response();
  }

  // Over limits.max_in_flight: refused before dispatch, so nothing was acted on and a retry is
  // safe. The request was read whole, so the connection stays usable for that retry.
  void refuse_over_in_flight_cap() {
    parser_.reset();
    on_response(own_error(shop_error::unavailable, "too many requests in progress; retry",
                          req_version_, req_keep_alive_));
  }

  void reject_over_capacity() {
    res_ = own_error(shop_error::unavailable, "too many connections", 11);
    close_after_write_ = true;
    linger_after_write_ = true;
    write_response();
  }

  // Lingering close: after an error answer the client may still be sending (the rest of a large
  // body, or a request the 503 did not wait for). Closing with unread data makes the kernel send
  // RST, which can destroy the answer before the client reads it. So: send FIN, then discard input
  // until the client closes, a short deadline passes, or too much arrives.
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    buffer_.consume(buffer_.size());
    drained_ = 0;
    stream_.expires_after(std::min(st_->limits.read_timeout, k_max_linger));
    drain();
  }

  void drain() {
    stream_.async_read_some(buffer_.prepare(16 * 1024),
                            beast::bind_front_handler(&session::on_drain, shared_from_this()));
  }

  void on_drain(beast::error_code ec, std::size_t n) {
    if (ec) return;
    drained_ += n;
    if (drained_ > std::max<std::size_t>(st_->limits.body_limit, 1 << 20)) return;
    drain();
  }

  // Declared first so that it is destroyed last: the stream needs the io_context it owns.
  std::shared_ptr<server_state> st_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;  // reused for every request of the connection
  std::optional<request_parser> parser_;
  response res_;
  net::steady_timer idle_close_;  // drain: closes the connection if it stays idle
  std::chrono::steady_clock::time_point read_deadline_{};
  // Generation of the request awaiting its respond_fn (0: none); makes respond exactly-once even
  // with copies of a respond_fn called late.
  std::atomic<std::uint64_t> awaiting_{0};
  std::uint64_t gen_ = 0;
  std::size_t drained_ = 0;
  unsigned req_version_ = 11;
  bool req_keep_alive_ = true;
  bool req_head_ = false;
  bool holds_in_flight_ = false;
  bool close_after_write_ = false;
  bool linger_after_write_ = false;
  bool reading_header_ = false;  // waiting for a request's header (idle between requests)
  bool idle_close_armed_ = false;
};

void start_session(std::shared_ptr<server_state> st, tcp::socket&& socket, bool over_capacity) {
  std::make_shared<session>(std::move(st), std::move(socket))->start(over_capacity);
}

std::shared_ptr<session> share_session(session& s) {
  return s.weak_from_this().lock();
}

void drain_session(session& s) {
  s.enter_drain();
}

void abort_session(session& s) noexcept {
  s.abort();
}

void server_state::link(session* s) {
  std::lock_guard<std::mutex> lk(registry_mu);
  s->next = registry_head;
  if (registry_head) registry_head->prev = s;
  registry_head = s;
}

void server_state::unlink(session* s) {
  std::lock_guard<std::mutex> lk(registry_mu);
  if (s->prev)
    s->prev->next = s->next;
  else
    registry_head = s->next;
  if (s->next) s->next->prev = s->prev;
  s->prev = s->next = nullptr;
}

session* next_session(const session& s) noexcept {
  return s.next;
}

}  // namespace shop::http::detail
