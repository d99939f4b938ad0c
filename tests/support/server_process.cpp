#include "tests/support/server_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/support/http_client.hpp"

extern char** environ;

namespace shop::test {
namespace {

std::atomic<int> g_instance{0};

}  // namespace

unsigned short pick_free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket(): ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    int e = errno;
    ::close(fd);
    throw std::runtime_error(std::string("bind(127.0.0.1:0): ") + std::strerror(e));
  }
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    int e = errno;
    ::close(fd);
    throw std::runtime_error(std::string("getsockname(): ") + std::strerror(e));
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

namespace {

int decode_status(int wstatus) {
  if (WIFEXITED(wstatus)) return WEXITSTATUS(wstatus);
  return -1;  // signalled
}

std::string describe_status(int wstatus) {
  if (WIFEXITED(wstatus)) return "exited with code " + std::to_string(WEXITSTATUS(wstatus));
  if (WIFSIGNALED(wstatus)) return std::string("killed by signal ") + strsignal(WTERMSIG(wstatus));
  return "ended (status " + std::to_string(wstatus) + ")";
}

}  // namespace

server_process::server_process(std::string binary, std::map<std::string, std::string> env_overrides)
    : binary_(std::move(binary)), overrides_(std::move(env_overrides)) {
  if (const char* other = std::getenv("SHOP_TEST_SERVER_BIN"); other && *other) binary_ = other;
  log_path_ = "/tmp/shop-e2e-server-" + std::to_string(::getpid()) + "-" +
              std::to_string(++g_instance) + ".log";
  // A fresh file per object; restarts of the same object append to it.
  std::ofstream(log_path_, std::ios::trunc);
}

server_process::~server_process() {
  try {
    kill9();
  } catch (...) {
  }
}

pid_t server_process::pid() const {
  std::lock_guard<std::mutex> lk(mu_);
  return pid_;
}

int server_process::exit_code() const {
  std::lock_guard<std::mutex> lk(mu_);
  return pid_ > 0 ? -1 : status_;
}

bool server_process::reap_locked(bool block) {
  if (pid_ <= 0) return true;
  int wstatus = 0;
  for (;;) {
    pid_t r = ::waitpid(pid_, &wstatus, block ? 0 : WNOHANG);
    if (r == 0) return false;  // still running
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      // ECHILD: someone else reaped it; treat as gone.
      status_ = -1;
    } else {
      status_ = decode_status(wstatus);
      std::ofstream(log_path_, std::ios::app)
          << "[server_process] pid " << pid_ << " " << describe_status(wstatus) << "\n";
    }
    pid_ = -1;
    return true;
  }
}

void server_process::spawn_locked() {
  // Everything the child needs is prepared before fork(): after it, only async-signal-safe calls.
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  env["SHOP_HTTP_ADDRESS"] = "127.0.0.1";
  env["SHOP_HTTP_PORT"] = std::to_string(port_);
  env["SHOP_ADMIN_TOKEN"] = admin_token();
  env["SHOP_JWT_SECRET"] = "test-secret";
  env["SHOP_LOG_LEVEL"] = "warn";
  // For debugging a failing test: SHOP_TEST_SERVER_LOG_LEVEL=info (or debug) raises it.
  if (const char* lvl = std::getenv("SHOP_TEST_SERVER_LOG_LEVEL"); lvl && *lvl)
    env["SHOP_LOG_LEVEL"] = lvl;
  for (const auto& [k, v] : overrides_) env[k] = v;  // port_ already is the override, if any

  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string bin = binary_;
  std::vector<char*> argv{bin.data(), nullptr};

  int logfd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (logfd < 0) throw std::runtime_error("cannot open " + log_path_ + ": " + std::strerror(errno));
  int nullfd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  rlimit rl{};
  int max_fd = 4096;
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
    max_fd = static_cast<int>(std::min<rlim_t>(rl.rlim_cur, 65536));
  const pid_t parent = ::getpid();
  const char exec_failed[] = "server_process: execve failed\n";

  pid_t child = ::fork();
  if (child < 0) {
    int e = errno;
    ::close(logfd);
    if (nullfd >= 0) ::close(nullfd);
    throw std::runtime_error(std::string("fork(): ") + std::strerror(e));
  }
  if (child == 0) {
    // Die with the test process (the parent thread, strictly: start() runs on the test's thread).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
    if (nullfd >= 0) ::dup2(nullfd, 0);
    ::dup2(logfd, 1);
    ::dup2(logfd, 2);
    // No test socket (keep-alive connections, MariaDB connections) may leak into the server.
#ifdef SYS_close_range
    if (::syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
#endif
      for (int fd = 3; fd < max_fd; ++fd) ::close(fd);
    ::execve(bin.c_str(), argv.data(), envp.data());
    ssize_t ignored = ::write(2, exec_failed, sizeof exec_failed - 1);
    (void)ignored;
    ::_exit(127);
  }
  ::close(logfd);
  if (nullfd >= 0) ::close(nullfd);
  pid_ = child;
  status_ = -1;
}

void server_process::start(std::chrono::seconds ready_timeout) {
  constexpr int attempts =
      3;  // a picked port can be taken by someone else before the server binds it
  for (int attempt = 1;; ++attempt) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      if (pid_ > 0 && !reap_locked(false))
        throw std::runtime_error("server_process::start: the server is already running");
      port_ = overrides_.count("SHOP_HTTP_PORT")
                  ? static_cast<unsigned short>(std::stoi(overrides_.at("SHOP_HTTP_PORT")))
                  : pick_free_port();
      std::ofstream(log_path_, std::ios::app)
          << "[server_process] starting " << binary_ << " on port " << port_ << "\n";
      spawn_locked();
    }
    const auto deadline = std::chrono::steady_clock::now() + ready_timeout;
    std::string last_answer = "no answer yet";
    bool exited = false;
    for (;;) {
      {
        std::lock_guard<std::mutex> lk(mu_);
        exited = reap_locked(false);
      }
      if (exited) break;
      try {
        auto r = http_call(port_, "GET", "/health/ready", "", {}, std::chrono::milliseconds(2000));
        if (r.status == 200) return;
        last_answer = "GET /health/ready answered " + std::to_string(r.status) + " " + r.body;
      } catch (const std::exception& e) {
        last_answer = e.what();
      }
      if (std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const auto tail = log_tail(40);
    if (exited && attempt < attempts && !overrides_.count("SHOP_HTTP_PORT") &&
        (tail.find("cannot listen") != std::string::npos ||
         tail.find("Address already in use") != std::string::npos))
      continue;
    if (!exited) kill9();
    std::string msg = "shop-server (" + binary_ + ") " +
                      (exited ? std::string("exited during startup")
                              : "not ready within " + std::to_string(ready_timeout.count()) +
                                    " s (" + last_answer + ")") +
                      "; log " + log_path_ + ", last lines:\n" + tail;
    std::cerr << msg << std::endl;
    throw std::runtime_error(msg);
  }
}

std::string server_process::log_tail(std::size_t lines) const {
  std::ifstream in(log_path_);
  std::deque<std::string> last;
  std::string line;
  while (std::getline(in, line)) {
    last.push_back(line);
    if (last.size() > lines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += l + "\n";
  return out;
}

void server_process::kill9() {
  std::lock_guard<std::mutex> lk(mu_);
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  reap_locked(true);
}

int server_process::terminate(std::chrono::seconds timeout) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (pid_ <= 0) return status_;
    ::kill(pid_, SIGTERM);
  }
  return wait_exit(timeout);
}

int server_process::wait_exit(std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      if (reap_locked(false)) return status_;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::lock_guard<std::mutex> lk(mu_);
  if (pid_ > 0) {
    std::cerr << "server_process: no exit within " << timeout.count() << " s; sending SIGKILL (log "
              << log_path_ << ")" << std::endl;
    ::kill(pid_, SIGKILL);
    reap_locked(true);
  }
  return -1;
}

bool server_process::send_signal(int sig) {
  std::lock_guard<std::mutex> lk(mu_);
  if (pid_ <= 0 || reap_locked(false)) return false;
  return ::kill(pid_, sig) == 0;
}

bool server_process::running() {
  std::lock_guard<std::mutex> lk(mu_);
  return pid_ > 0 && !reap_locked(false);
}

}  // namespace shop::test
