#include "tests/chaos/faults.hpp"

#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <thread>

#include "tests/support/http_client.hpp"
#include "tests/support/wait_until.hpp"

namespace shop::chaos {
namespace {

void sleep_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

bool ready(unsigned short port) {
  try {
    return test::http_call(port, "GET", "/health/ready", "", {}, std::chrono::milliseconds(2000))
               .status == 200;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

std::optional<database_commands> database_commands_from_env() {
  const char* stop = std::getenv("SHOP_TEST_DB_STOP");
  const char* start = std::getenv("SHOP_TEST_DB_START");
  if (!stop || !*stop || !start || !*start) return std::nullopt;
  return database_commands{stop, start};
}

fault_injector::fault_injector(test::node_fleet& fleet, std::optional<database_commands> db,
                               std::chrono::seconds term_timeout, bool cluster, findings& out)
    : fleet_(fleet),
      db_(std::move(db)),
      term_timeout_(term_timeout),
      cluster_(cluster),
      findings_(out) {}

void fault_injector::start_node(std::size_t i, int cycle) {
  for (int attempt = 1;; ++attempt) {
    try {
      fleet_.start(i);
      stopped_.erase(i);
      paused_.erase(i);
      return;
    } catch (const std::exception& e) {
      findings_.add(
          cycle, "restart",
          fleet_.name(i) + " did not start (attempt " + std::to_string(attempt) + "): " + e.what());
      if (attempt == 3) throw fault_failure(fleet_.name(i) + " does not start again");
      sleep_ms(2000);
    }
  }
}

void fault_injector::stop_gracefully(std::size_t i, int cycle, const char* why) {
  stopped_.insert(i);
  const auto t0 = std::chrono::steady_clock::now();
  if (!fleet_.process(i).send_signal(SIGTERM)) return;  // already gone: ensure_up reports it
  const int code = fleet_.process(i).wait_exit(term_timeout_);
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  if (code != 0)
    findings_.add(cycle, "sigterm",
                  std::string(why) + ": " + fleet_.name(i) + " exited with " +
                      (code == -1 ? std::string("a signal, or not within ") +
                                        std::to_string(term_timeout_.count()) + " s"
                                  : "code " + std::to_string(code)) +
                      " after SIGTERM (want 0), " + std::to_string(took.count()) + " ms; log " +
                      fleet_.log_path(i));
}

std::string fault_injector::apply(const fault_step& step, std::size_t target, int cycle) {
  const auto node = fleet_.name(target);
  switch (step.kind) {
    case fault_kind::none:
      return "no fault";
    case fault_kind::kill9:
      stopped_.insert(target);
      fleet_.process(target).kill9();
      sleep_ms(step.ms);
      start_node(target, cycle);
      return "kill -9 " + node + ", down " + std::to_string(step.ms) + " ms, restarted";
    case fault_kind::sigterm:
      stop_gracefully(target, cycle, "sigterm");
      sleep_ms(step.ms);
      start_node(target, cycle);
      return "SIGTERM " + node + ", down " + std::to_string(step.ms) + " ms, restarted";
    case fault_kind::sigstop:
      paused_.insert(target);
      fleet_.process(target).send_signal(SIGSTOP);
      sleep_ms(step.ms);
      fleet_.process(target).send_signal(SIGCONT);
      return "SIGSTOP " + node + " for " + std::to_string(step.ms) + " ms, SIGCONT";
    case fault_kind::dbrestart: {
      if (!db_) return "dbrestart skipped: SHOP_TEST_DB_STOP / SHOP_TEST_DB_START not set";
      db_down_ = true;
      if (std::system(db_->stop.c_str()) != 0)
        throw fault_failure("the database did not stop: " + db_->stop);
      sleep_ms(step.ms);
      restore_database();
      return "MariaDB stopped, down " + std::to_string(step.ms) + " ms, started";
    }
    case fault_kind::restart:
      for (std::size_t i = 0; i < fleet_.size(); ++i) {
        stop_gracefully(i, cycle, "restart");
        start_node(i, cycle);
      }
      return "rolling restart of " + std::to_string(fleet_.size()) + " node(s)";
  }
  return "?";
}

void fault_injector::restore_database() {
  if (!db_down_) return;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    if (std::system(db_->start.c_str()) == 0) {
      db_down_ = false;
      return;
    }
    sleep_ms(2000);
  }
  throw fault_failure("the database does not start again: " + db_->start);
}

void fault_injector::ensure_up(int cycle) {
  restore_database();
  for (std::size_t i = 0; i < fleet_.size(); ++i) {
    if (fleet_.running(i)) continue;
    if (!stopped_.count(i)) {
      const int code = fleet_.process(i).exit_code();
      const auto what = fleet_.name(i) + " ended on its own (" +
                        (code == -1 ? std::string("signal") : "exit code " + std::to_string(code)) +
                        "); log " + fleet_.log_path(i);
      if (cluster_ && paused_.count(i))
        std::cout << "  note: " << what << " after being paused; started again\n";
      else
        findings_.add(cycle, "node exit", what);
    }
    start_node(i, cycle);
  }
  for (std::size_t i = 0; i < fleet_.size(); ++i)
    if (!test::wait_until([&] { return ready(fleet_.port(i)); }, std::chrono::seconds(60),
                          std::chrono::milliseconds(200)))
      findings_.add(cycle, "ready", fleet_.name(i) + " not ready 60 s after the fault");
}

}  // namespace shop::chaos
