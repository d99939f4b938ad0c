// Modelled on Beast 1.74 example/advanced/server/advanced_server.cpp (listener + per-connection
// session on a strand), HTTP only, one request in flight per connection, asynchronous handler.

#include "http/http_server.hpp"

#include <memory>
#include <vector>

#include "http/http_session.hpp"

namespace shop::http {

namespace {

// Set on the server's own I/O threads so that stop() / stop_accepting() called from inside a
// handler do not wait for (or join) the thread they run on.
thread_local const void* tls_io_owner = nullptr;

constexpr std::chrono::milliseconds k_accept_retry{50};

}  // namespace

namespace detail {

void server_state::start(const std::string& address, unsigned short port) {
  std::lock_guard<std::mutex> lk(lifecycle_mu);
  if (shut_down) throw std::runtime_error("http_server: start() after stop()");
  if (started.load()) throw std::runtime_error("http_server: start() called twice");

  const std::string where = address + ":" + std::to_string(port);
  beast::error_code ec;
  const auto addr = net::ip::make_address(address, ec);
  if (ec)
    throw std::runtime_error("http_server: invalid listen address '" + address +
                             "': " + ec.message());
  const tcp::endpoint endpoint{addr, port};

  auto fail = [&](const char* what) {
    beast::error_code ignored;
    acceptor.close(ignored);
    throw std::runtime_error(std::string("http_server: cannot ") + what + " " + where + ": " +
                             ec.message());
  };
  acceptor.open(endpoint.protocol(), ec);
  if (ec) fail("open socket for");
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) fail("set SO_REUSEADDR on");
  acceptor.bind(endpoint, ec);
  if (ec) fail("bind");
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) fail("listen on");
  const auto local = acceptor.local_endpoint(ec);
  if (ec) fail("read the bound address of");
  bound_port.store(local.port());

  accepting = true;
  do_accept();  // no I/O thread runs yet: initiating from here is safe
  started.store(true);

  const unsigned n = std::max(1u, limits.io_threads);
  threads.reserve(n);
  for (unsigned i = 0; i < n; ++i) {
    threads.emplace_back([this] {
      tls_io_owner = this;
      for (;;) {
        try {
          ioc.run();
          break;
        } catch (const std::exception& e) {
          spdlog::error("http_server: exception escaped an I/O handler: {}", e.what());
        } catch (...) {
          spdlog::error("http_server: non-std exception escaped an I/O handler");
        }
      }
      tls_io_owner = nullptr;
    });
  }
}

void server_state::do_accept() {
  // Each connection gets its own strand; `this` outlives the operation (shutdown() drains).
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void server_state::on_accept(beast::error_code ec, tcp::socket socket) {
  if (!accepting || !acceptor.is_open()) return;
  if (ec) {
    if (ec == net::error::operation_aborted) return;
    if (ec == net::error::connection_aborted) return do_accept();  // peer gave up in the backlog
    // EMFILE, ENFILE, ENOBUFS...: retrying at once would spin.
    spdlog::warn("http_server: accept failed: {}; retrying in {} ms", ec.message(),
                 k_accept_retry.count());
    retry_timer.expires_after(k_accept_retry);
    retry_timer.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && accepting) do_accept();
    });
    return;
  }
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  const std::size_t n = connections.fetch_add(1, std::memory_order_acq_rel) + 1;
  try {
    start_session(shared_from_this(), std::move(socket), n > limits.max_connections);
  } catch (const std::exception& e) {
    connections.fetch_sub(1, std::memory_order_acq_rel);
    spdlog::error("http_server: cannot start a session: {}", e.what());
  }
  do_accept();
}

void server_state::close_acceptor() {
  accepting = false;
  beast::error_code ignored;
  acceptor.close(ignored);
  retry_timer.cancel();
}

void server_state::begin_drain() {
  draining.store(true);  // before the broadcast: a session not reached below sees it in do_read()
  // Declared first, so released after both locks: a connection ending meanwhile may leave one of
  // these as its session's last reference, and ~session takes registry_mu.
  std::vector<std::shared_ptr<session>> open;
  std::lock_guard<std::mutex> gate(gate_mu);
  if (stopped.load()) return;
  {
    std::lock_guard<std::mutex> reg(registry_mu);
    // A session still being constructed has no reference yet: it checks `draining` itself when it
    // starts reading.
    for (session* s = registry_head; s; s = next_session(*s))
      if (auto live = share_session(*s)) open.push_back(std::move(live));
  }
  for (auto& s : open) drain_session(*s);
}

void server_state::shutdown() {
  std::lock_guard<std::mutex> lk(lifecycle_mu);
  if (shut_down) return;
  shut_down = true;
  {
    std::lock_guard<std::mutex> gate(gate_mu);
    stopped.store(true);
  }
  work.reset();
  ioc.stop();
  for (auto& t : threads) {
    if (!t.joinable()) continue;
    if (t.get_id() == std::this_thread::get_id())
      t.detach();  // cannot happen through http_server::stop(); defensive
    else
      t.join();
  }
  threads.clear();

  // No I/O thread runs from here on: touching the acceptor and the streams directly is safe.
  close_acceptor();
  {
    std::lock_guard<std::mutex> reg(registry_mu);
    for (session* s = registry_head; s; s = next_session(*s)) abort_session(*s);
  }
  // Run the handlers the closes just completed (operation_aborted) and anything posted before
  // `stopped` was set, so no session stays owned by the io_context's queue. None starts new work.
  ioc.restart();
  for (;;) {
    try {
      if (ioc.poll() == 0) break;
    } catch (const std::exception& e) {
      spdlog::error("http_server: exception during shutdown drain: {}", e.what());
    } catch (...) {
      spdlog::error("http_server: non-std exception during shutdown drain");
    }
  }
  // A respond_fn kept by the route layer keeps its session, and so this state, alive; if the
  // dispatch_fn in turn owns the route layer, that would be a cycle. Nothing calls it any more.
  dispatch = nullptr;
}

}  // namespace detail

http_server::http_server(std::string address, unsigned short port, server_limits limits,
                         dispatch_fn dispatch)
    : address_(std::move(address)),
      requested_port_(port),
      st_(std::make_shared<detail::server_state>(limits, std::move(dispatch))) {
  if (!st_->dispatch) throw std::invalid_argument("http_server: dispatch_fn is empty");
}

http_server::~http_server() {
  stop();
}

unsigned short http_server::port() const {
  return st_->bound_port.load();
}

void http_server::start() {
  st_->start(address_, requested_port_);
}

void http_server::stop_accepting() {
  auto st = st_;
  auto done = std::make_shared<std::promise<void>>();
  auto fut = done->get_future();
  {
    std::lock_guard<std::mutex> gate(st->gate_mu);
    if (!st->started.load() || st->stopped.load()) return;
    net::post(st->acceptor.get_executor(), [st, done] {
      st->close_acceptor();
      done->set_value();
    });
  }
  if (tls_io_owner == st.get())
    return;  // inside a handler: waiting could deadlock with io_threads == 1
  // The posted close runs on an I/O thread or, if stop() intervenes, in shutdown()'s drain.
  fut.wait();
}

bool http_server::drain(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  st_->begin_drain();
  stop_accepting();
  for (;;) {
    if (st_->connections.load(std::memory_order_acquire) == 0) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

bool http_server::wait_idle(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (st_->in_flight.current() == 0) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void http_server::stop() {
  if (tls_io_owner == st_.get()) {
    // Called from inside a handler: this thread cannot join itself. Finish on a helper thread,
    // which keeps the state alive.
    {
      std::lock_guard<std::mutex> gate(st_->gate_mu);
      if (st_->stopped.load()) return;
    }
    std::thread([st = st_] { st->shutdown(); }).detach();
    return;
  }
  st_->shutdown();
}

std::size_t http_server::open_connections() const {
  return st_->connections.load(std::memory_order_acquire);
}

}  // namespace shop::http
