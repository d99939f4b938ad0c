// A stand-in for the external data platform in tests: an HTTP/1.1 server (Boost.Beast) on
// 127.0.0.1, on a port of its own, running in a thread of its own. It records every request and
// answers 200, or 503 while told to refuse, or nothing at all while told to stall.
//
// Thread safety: every member may be called from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace shop::test {

struct received_delivery {
  std::string method;
  std::string target;
  std::string content_type;
  std::string idempotency_key;  // "" when the header was missing
  std::string body;
  int answered = 0;  // the status sent back (0: none, the receiver stalled)
};

class data_platform_receiver {
 public:
  // Binds 127.0.0.1 on a free port and starts serving; throws std::runtime_error if it cannot.
  data_platform_receiver();
  ~data_platform_receiver();  // stops and joins; stalled connections are closed
  data_platform_receiver(const data_platform_receiver&) = delete;
  data_platform_receiver& operator=(const data_platform_receiver&) = delete;

  unsigned short port() const;
  // "http://127.0.0.1:<port>" + path.
  std::string url(const std::string& path = "/orders") const;

  // While true, every request is answered 503 (and still recorded).
  void refuse(bool on);
  // While true, requests are read and recorded but never answered (for client timeouts).
  void stall(bool on);

  // Every request so far, in arrival order.
  std::vector<received_delivery> received() const;
  // Those answered 2xx.
  std::vector<received_delivery> accepted() const;
  // Waits until `done(received())` holds or `timeout` passes; returns whether it held.
  bool wait_until(const std::function<bool(const std::vector<received_delivery>&)>& done,
                  std::chrono::milliseconds timeout) const;

  struct state;

 private:
  std::shared_ptr<state> st_;
};

}  // namespace shop::test
