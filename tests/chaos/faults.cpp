#include "tests/chaos/faults.hpp"

#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <thread>

#include "tests/chaos/takeover_probe.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
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

// Shards owned per UP node, as `port`'s node sees the cluster; empty if it does not answer.
std::map<std::string, std::int64_t> shards_by_up_node(unsigned short port, std::int64_t& total) {
  std::map<std::string, std::int64_t> out;
  try {
    auto r =
        test::http_call(port, "GET", "/admin/cluster", "", test::server_process::admin_headers(),
                        std::chrono::milliseconds(2000));
    if (r.status != 200) return out;
    auto j = r.json();
    total = j.at("shards").get<std::int64_t>();
    for (const auto& n : j.at("nodes"))
      if (n.at("status") == "UP") out[n.at("nodeId").get<std::string>()] = n.at("shards");
  } catch (const std::exception&) {
  }
  return out;
}

}  // namespace

std::optional<database_commands> database_commands_from_env() {
  const char* stop = std::getenv("SHOP_TEST_DB_STOP");
  const char* start = std::getenv("SHOP_TEST_DB_START");
  if (!stop || !*stop || !start || !*start) return std::nullopt;
  return database_commands{stop, start};
}

fault_injector::fault_injector(test::node_fleet& fleet, std::optional<database_commands> db,
                               std::chrono::seconds term_timeout, bool cluster, int lease_ms,
                               findings& out)
    : fleet_(fleet),
      db_(std::move(db)),
      term_timeout_(term_timeout),
      cluster_(cluster),
      lease_ms_(lease_ms),
      findings_(out) {}

void fault_injector::start_node(std::size_t i, int cycle) {
  for (int attempt = 1;; ++attempt) {
    try {
      fleet_.start(i);
      stopped_.erase(i);
      paused_.erase(i);
      cut_off_.erase(i);
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
  if (cluster_ && fleet_.size() > 1) check_shards_taken(i, cycle);
}

// After a node of several stopped on SIGTERM, the others own all its shards (it released them
// at epoch + 1; they take them at their next tick).
void fault_injector::check_shards_taken(std::size_t gone, int cycle) {
  const auto other = (gone + 1) % fleet_.size();
  std::int64_t total = 0, owned = 0;
  const bool taken = test::wait_until(
      [&] {
        owned = 0;
        for (const auto& [node, n] : shards_by_up_node(fleet_.port(other), total))
          if (node != fleet_.name(gone)) owned += n;
        return total > 0 && owned == total;
      },
      std::chrono::milliseconds(lease_ms_ + 5000), std::chrono::milliseconds(100));
  if (!taken)
    findings_.add(cycle, "handoff",
                  "after SIGTERM of " + fleet_.name(gone) + " the other nodes own " +
                      std::to_string(owned) + " of " + std::to_string(total) +
                      " shards after lease + 5 s");
}

// Every node UP with its share of the shards (a restarted node gets it back by handoff).
void fault_injector::check_shares(int cycle) {
  std::int64_t total = 0;
  std::map<std::string, std::int64_t> seen;
  const auto n = static_cast<std::int64_t>(fleet_.size());
  const bool spread = test::wait_until(
      [&] {
        seen = shards_by_up_node(fleet_.port(0), total);
        if (total == 0 || static_cast<std::int64_t>(seen.size()) != n) return false;
        for (const auto& [node, owned] : seen)
          if (owned < total / n) return false;
        return true;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(200));
  if (spread) return;
  std::string view;
  for (const auto& [node, owned] : seen) view += " " + node + "=" + std::to_string(owned);
  findings_.add(cycle, "share",
                "30 s after the fault the UP nodes and their shards are" +
                    (view.empty() ? std::string(" unknown") : view) + " (want " +
                    std::to_string(n) + " nodes with at least " +
                    std::to_string(total / std::max<std::int64_t>(n, 1)) + " each)");
}

// A node down at least a lease in a cluster: its customers must be answered by another node
// within lease + 5 s, while it is still down.
std::string fault_injector::kill9(const fault_step& step, std::size_t target, int cycle,
                                  const shop_world& world, std::mt19937& rng) {
  const auto node = fleet_.name(target);
  std::optional<takeover_probe> probe;
  if (cluster_ && step.ms >= lease_ms_) probe = probe_customer_of(world, fleet_, target, rng);
  stopped_.insert(target);
  const auto t0 = std::chrono::steady_clock::now();
  fleet_.process(target).kill9();
  std::string seen;
  if (probe) {
    const auto limit = std::chrono::milliseconds(lease_ms_ + 5000);
    const auto took = time_to_first_answer(*probe, fleet_, t0, limit);
    if (took) {
      takeover_ms_.push_back(*took);
      seen = ", its customer " + std::to_string(probe->user) + " answered by " +
             fleet_.name(probe->via) + " after " + std::to_string(*took) + " ms";
    } else {
      findings_.add(cycle, "takeover",
                    "customer " + std::to_string(probe->user) + " of killed " + node +
                        " not answered by " + fleet_.name(probe->via) + " within " +
                        std::to_string(limit.count()) + " ms (lease + 5 s)");
    }
  } else if (cluster_ && step.ms >= lease_ms_) {
    seen = ", no customer of it found to probe";
  }
  const auto down = std::chrono::steady_clock::now() - t0;
  const auto rest = std::chrono::milliseconds(step.ms) - down;
  if (rest > std::chrono::milliseconds(0)) std::this_thread::sleep_for(rest);
  start_node(target, cycle);
  return "kill -9 " + node + ", down " + std::to_string(step.ms) + " ms" + seen + ", restarted";
}

std::string fault_injector::apply(const fault_step& step, std::size_t target, int cycle,
                                  const shop_world& world, std::mt19937& rng) {
  const auto node = fleet_.name(target);
  switch (step.kind) {
    case fault_kind::none:
      return "no fault";
    case fault_kind::kill9:
      return kill9(step, target, cycle, world, rng);
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
      // The nodes that live through it; some may have exited by the time it answers again.
      std::vector<std::size_t> running;
      for (std::size_t i = 0; i < fleet_.size(); ++i)
        if (fleet_.running(i)) running.push_back(i);
      const auto t0 = std::chrono::steady_clock::now();
      db_down_ = true;
      if (std::system(db_->stop.c_str()) != 0)
        throw fault_failure("the database did not stop: " + db_->stop);
      sleep_ms(step.ms);
      restore_database();  // returns once the database answers
      const auto outage = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - t0)
                              .count();
      std::string leases;
      if (cluster_ && outage >= lease_ms_) {
        cut_off_.insert(running.begin(), running.end());
        leases = " (longer than the lease: the nodes may find they were declared dead and exit 3)";
      }
      return "MariaDB stopped, down " + std::to_string(step.ms) + " ms, answering again after " +
             std::to_string(outage) + " ms" + leases;
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
      else if (cluster_ && code == 3 && cut_off_.count(i))
        std::cout << "  note: " << what
                  << " after a database outage longer than its lease; started again\n";
      else
        findings_.add(cycle, "node exit", what);
    }
    start_node(i, cycle);
  }
  for (std::size_t i = 0; i < fleet_.size(); ++i)
    if (!test::wait_until([&] { return ready(fleet_.port(i)); }, std::chrono::seconds(60),
                          std::chrono::milliseconds(200)))
      findings_.add(cycle, "ready", fleet_.name(i) + " not ready 60 s after the fault");
  if (cluster_ && fleet_.size() > 1) check_shares(cycle);
}

}  // namespace shop::chaos
