// shop-server as a child process for the end-to-end tests.
//
// The child gets the test process's environment plus SHOP_HTTP_ADDRESS=127.0.0.1, a free
// SHOP_HTTP_PORT, SHOP_ADMIN_TOKEN=test-admin-token, SHOP_JWT_SECRET=test-secret and
// SHOP_LOG_LEVEL=warn (SHOP_TEST_SERVER_LOG_LEVEL, if set, replaces warn: for debugging), then
// the caller's overrides (which win). Its stdout and stderr go to a log
// file under /tmp (log_path()). If the test process dies, the child is killed too
// (PR_SET_PDEATHSIG), so no server outlives a crashed test run.
//
// Thread safety: kill9(), terminate(), running() and pid() may be called from any thread
// (e.g. kill9() from a helper thread while requests are in flight). start() is for one thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "tests/support/http_client.hpp"

namespace shop::test {

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
unsigned short pick_free_port();

class server_process {
 public:
  // `binary`: the shop-server to run (the environment variable SHOP_TEST_SERVER_BIN, if set, wins:
  // to run the suite against another build).
  explicit server_process(std::string binary,
                          std::map<std::string, std::string> env_overrides = {});
  ~server_process();  // SIGKILLs the server if it still runs
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  // Picks a free port, starts the server and waits up to `ready_timeout` until GET /health/ready
  // answers 200. Throws std::runtime_error (message ends with the log tail) if the server exits
  // early or is not ready in time; the server is killed then. May be called again after the
  // previous server ended (a new port is picked).
  void start(std::chrono::seconds ready_timeout = std::chrono::seconds(60));

  unsigned short port() const { return port_; }
  pid_t pid() const;
  const std::string& log_path() const { return log_path_; }
  // The last `lines` lines of the log file.
  std::string log_tail(std::size_t lines = 40) const;

  // SIGKILL and reap. No-op if not running.
  void kill9();
  // SIGTERM, then waits up to `timeout` for the exit. Returns the exit code; -1 if the server had
  // to be SIGKILLed after the timeout or died by a signal. If it had already ended, its recorded
  // result.
  int terminate(std::chrono::seconds timeout = std::chrono::seconds(60));
  // Waits up to `timeout` for the server to end by itself (e.g. after send_signal(SIGTERM)).
  // Returns the exit code; -1 if it died by a signal, or had to be SIGKILLed after the timeout.
  int wait_exit(std::chrono::seconds timeout);
  // Sends `sig` (e.g. SIGTERM) without waiting; false if the server is not running.
  bool send_signal(int sig);
  // True while the process exists (reaps it if it exited).
  bool running();
  // Exit code of the ended process (-1: killed by a signal, or not ended yet).
  int exit_code() const;

  static const char* admin_token() { return "test-admin-token"; }
  // "Bearer test-admin-token"
  static std::string admin_bearer() { return std::string("Bearer ") + admin_token(); }
  // {{"Authorization", "Bearer test-admin-token"}}, for http_call / http_connection::call.
  static header_list admin_headers() { return {{"Authorization", admin_bearer()}}; }

 private:
  // Reaps without blocking (or blocking when `block`); records the status. Caller holds mu_.
  bool reap_locked(bool block);
  void spawn_locked();

  std::string binary_;
  std::map<std::string, std::string> overrides_;
  std::string log_path_;
  unsigned short port_ = 0;
  mutable std::mutex mu_;
  pid_t pid_ = -1;   // -1: no live child
  int status_ = -1;  // decoded exit code of the last child (-1: signal / none)
};

}  // namespace shop::test
