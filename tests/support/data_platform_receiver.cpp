#include "tests/support/data_platform_receiver.hpp"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace shop::test {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct data_platform_receiver::state {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  unsigned short port = 0;  // read here, not from the acceptor the I/O thread uses
  std::thread thread;
  std::atomic<bool> refusing{false};
  std::atomic<bool> stalling{false};
  mutable std::mutex mu;
  mutable std::condition_variable changed;
  std::vector<received_delivery> requests;

  void record(received_delivery d) {
    {
      std::lock_guard<std::mutex> lock(mu);
      requests.push_back(std::move(d));
    }
    changed.notify_all();
  }
};

namespace {

// One connection: read a request, record it, answer (unless stalling), repeat while keep-alive.
class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket socket, data_platform_receiver::state* st)
      : stream_(std::move(socket)), st_(st) {}

  void read() {
    req_ = {};
    bhttp::async_read(stream_, buffer_, req_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (!ec) self->answer();
                      });
  }

 private:
  void answer() {
    received_delivery d;
    d.method = std::string(req_.method_string());
    d.target = std::string(req_.target());
    d.content_type = std::string(req_[bhttp::field::content_type]);
    d.idempotency_key = std::string(req_["Idempotency-Key"]);
    d.body = req_.body();
    if (st_->stalling) {
      st_->record(std::move(d));
      // Keep the connection open and silent: wait for the peer to give up (or the receiver to
      // stop), holding this session alive through the pending read.
      stream_.async_read_some(net::buffer(sink_),
                              [self = shared_from_this()](beast::error_code, std::size_t) {});
      return;
    }
    const bool refuse = st_->refusing;
    res_ = {};
    res_.version(req_.version());
    res_.result(refuse ? bhttp::status::service_unavailable : bhttp::status::ok);
    res_.set(bhttp::field::content_type, "application/json");
    res_.body() = refuse ? R"({"error":"down for maintenance"})" : R"({"ok":true})";
    res_.keep_alive(req_.keep_alive());
    res_.prepare_payload();
    d.answered = static_cast<int>(res_.result_int());
    st_->record(std::move(d));
    bhttp::async_write(stream_, res_,
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec) return;
                         if (self->res_.keep_alive()) return self->read();
                         beast::error_code ignored;
                         self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                       });
  }

  beast::tcp_stream stream_;
  // Not owned: the state owns the io_context, whose pending handlers own the sessions.
  data_platform_receiver::state* st_;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> req_;
  bhttp::response<bhttp::string_body> res_;
  char sink_[512];
};

void accept_next(data_platform_receiver::state* st) {
  st->acceptor.async_accept([st](beast::error_code ec, tcp::socket socket) {
    if (ec) return;  // closed: the receiver stops
    std::make_shared<session>(std::move(socket), st)->read();
    accept_next(st);
  });
}

}  // namespace

data_platform_receiver::data_platform_receiver() : st_(std::make_shared<state>()) {
  tcp::endpoint ep{net::ip::make_address("127.0.0.1"), 0};
  beast::error_code ec;
  st_->acceptor.open(ep.protocol(), ec);
  if (!ec) st_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) st_->acceptor.bind(ep, ec);
  if (!ec) st_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("data_platform_receiver: cannot listen: " + ec.message());
  st_->port = st_->acceptor.local_endpoint().port();
  accept_next(st_.get());
  st_->thread = std::thread([st = st_.get()] { st->ioc.run(); });
}

data_platform_receiver::~data_platform_receiver() {
  // Once the thread is gone, destroying the io_context (with the state) destroys every pending
  // handler, and with them the sessions and sockets they hold.
  st_->ioc.stop();
  if (st_->thread.joinable()) st_->thread.join();
}

unsigned short data_platform_receiver::port() const {
  return st_->port;
}

std::string data_platform_receiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port()) + path;
}

void data_platform_receiver::refuse(bool on) {
  st_->refusing = on;
}

void data_platform_receiver::stall(bool on) {
  st_->stalling = on;
}

std::vector<received_delivery> data_platform_receiver::received() const {
  std::lock_guard<std::mutex> lock(st_->mu);
  return st_->requests;
}

std::vector<received_delivery> data_platform_receiver::accepted() const {
  std::vector<received_delivery> out;
  for (auto& d : received())
    if (d.answered >= 200 && d.answered < 300) out.push_back(std::move(d));
  return out;
}

bool data_platform_receiver::wait_until(
    const std::function<bool(const std::vector<received_delivery>&)>& done,
    std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(st_->mu);
  return st_->changed.wait_for(lock, timeout, [&] { return done(st_->requests); });
}

}  // namespace shop::test
