// shop-chaos: starts shop-server nodes on one database, runs mixed keyed load against them,
// injects a plan of faults cycle after cycle, and after every cycle resolves the requests left
// without an answer and audits the database against everything acknowledged. Exit 0: nothing
// found; 1: findings; 2: bad command line; 3: the run could not be set up or carried on.
// tests/chaos/README.md says how to run it and what each part checks.
#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

#include "tests/chaos/audit.hpp"
#include "tests/chaos/chaos_options.hpp"
#include "tests/chaos/faults.hpp"
#include "tests/chaos/findings.hpp"
#include "tests/chaos/ledger.hpp"
#include "tests/chaos/load.hpp"
#include "tests/chaos/replay.hpp"
#include "tests/chaos/shop_snapshot.hpp"
#include "tests/chaos/shop_world.hpp"
#include "tests/chaos/summary.hpp"
#include "tests/chaos/tamper.hpp"
#include "tests/support/instants.hpp"
#include "tests/support/node_fleet.hpp"
#include "tests/support/test_database.hpp"

namespace {

using namespace shop::chaos;
using clock_type = std::chrono::steady_clock;

void sleep_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

// The audit of one cycle. A finding must hold on two reads 2 s apart: a change still on its
// way (an order's hold ending while the audit reads) is gone from the second, a loss is not.
std::vector<finding> audit_cycle(const shop_world& w, const ledger& l,
                                 const shop::test::node_fleet& fleet, int cycle) {
  auto found = audit(w, l, take_snapshot(w, fleet), cycle);
  if (found.empty()) return found;
  sleep_ms(2000);
  return audit(w, l, take_snapshot(w, fleet), cycle);
}

std::size_t target_of(const chaos_options& o, std::mt19937& rng, std::size_t nodes) {
  if (o.target) return static_cast<std::size_t>(*o.target);
  return std::uniform_int_distribution<std::size_t>(0, nodes - 1)(rng);
}

int run(const chaos_options& o) {
  const auto t0 = clock_type::now();
  // server_process prefers SHOP_TEST_SERVER_BIN to the path it is given: make them one.
  ::setenv("SHOP_TEST_SERVER_BIN", o.server_bin.c_str(), 1);
  const auto db = shop::test::test_db_params();
  std::cout << "shop-chaos: seed " << o.seed << ", " << o.nodes << " node(s)"
            << (o.cluster ? " (cluster, lease " + std::to_string(o.lease_ms) + " ms)" : "")
            << ", plan " << o.plan_text << ", " << o.cycles << " cycle(s), " << o.threads
            << " threads, " << o.users << " users; database " << db.host << ":" << db.port << "/"
            << db.name << "; server " << o.server_bin << std::endl;
  auto db_commands = database_commands_from_env();
  for (const auto& s : o.plan)
    if (s.kind == fault_kind::dbrestart && !db_commands)
      std::cout << "warning: SHOP_TEST_DB_STOP / SHOP_TEST_DB_START not set: dbrestart steps do "
                   "nothing"
                << std::endl;

  if (!o.keep_db) shop::test::reset_database();
  shop::test::fleet_settings fs{o.server_bin, o.nodes, o.cluster, o.lease_ms, {}};
  if (o.hold_ms) fs.env["SHOP_ORDER_HOLD_TTL_MS"] = std::to_string(o.hold_ms);
  shop::test::node_fleet fleet(fs);
  findings found;
  fault_injector faults(fleet, db_commands, std::chrono::seconds(o.term_timeout_s), o.cluster,
                        o.lease_ms, found);
  ledger log;
  replay_counts replays;
  try {
    fleet.start_all();
    for (std::size_t i = 0; i < fleet.size(); ++i)
      std::cout << fleet.name(i) << ": http port " << fleet.port(i) << ", log " << fleet.log_path(i)
                << std::endl;
    std::mt19937 rng(o.seed);
    auto world = build_world(fleet, o.users, o.products, rng);
    load_driver load(world, fleet, log,
                     {o.threads, o.unkeyed_percent, std::chrono::milliseconds(o.request_timeout_ms),
                      o.seed, "chaos-" + std::to_string(o.seed)});
    const auto coupons_per_campaign = std::max<std::int64_t>(3, o.users / 4);

    for (int cycle = 1; cycle <= o.cycles; ++cycle) {
      const auto cycle_t0 = clock_type::now();
      const auto& step = o.plan[static_cast<std::size_t>(cycle - 1) % o.plan.size()];
      open_campaigns(world, fleet, cycle, 2, coupons_per_campaign);
      const auto target = target_of(o, rng, fleet.size());

      load.start(cycle);
      sleep_ms(o.load_before_ms);
      const auto did = faults.apply(step, target, cycle, world, rng);
      sleep_ms(o.load_after_ms);
      load.stop();
      faults.ensure_up(cycle);

      const auto r = replay_cycle(log, fleet, cycle, o.replay_sample,
                                  std::chrono::milliseconds(o.request_timeout_ms), rng, found);
      add_to(replays, r);
      if (cycle == o.cycles && !o.tamper.empty())
        std::cout << "  tamper: " << tamper(o.tamper, world, log) << std::endl;
      const auto before = found.size();
      for (auto& f : audit_cycle(world, log, fleet, cycle)) found.add(f.cycle, f.check, f.text);
      const auto secs = std::chrono::duration<double>(clock_type::now() - cycle_t0).count();
      std::cout << shop::test::rfc3339(shop::test::now_ms()) << " cycle " << cycle << "/"
                << o.cycles << " [" << step.text() << "] " << did << " ("
                << static_cast<int>(secs * 10) / 10.0 << " s)\n"
                << cycle_line(count_requests(log, cycle), r)
                << "\n  audit: " << (found.size() == before ? "ok" : "NEW FINDINGS") << std::endl;
      const auto all = found.all();
      for (std::size_t i = before; i < all.size() && i < before + 20; ++i)
        std::cout << "    " << all[i] << "\n";
      if (all.size() > before + 20)
        std::cout << "    ... (" << all.size() - before - 20 << " more)\n";
    }
    for (std::size_t i = 0; i < fleet.size(); ++i) {
      const int code = fleet.process(i).terminate(std::chrono::seconds(o.term_timeout_s));
      if (code != 0)
        found.add(o.cycles, "sigterm",
                  fleet.name(i) + " exited with " + std::to_string(code) + " at the end (want 0)");
    }
  } catch (const std::exception& e) {
    std::cout << "shop-chaos: cannot go on: " << e.what() << std::endl;
    try {
      faults.restore_database();
    } catch (const std::exception& again) {
      std::cout << "shop-chaos: " << again.what() << std::endl;
    }
    print_summary(std::cout, log, replays, found,
                  std::chrono::duration<double>(clock_type::now() - t0).count());
    return 3;
  }
  print_takeovers(std::cout, faults.takeover_times(), o.lease_ms);
  print_summary(std::cout, log, replays, found,
                std::chrono::duration<double>(clock_type::now() - t0).count());
  return found.size() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::cout << usage_text();
      return 0;
    }
  chaos_options o;
  try {
    o = parse_options(argc, argv);
  } catch (const usage_error& e) {
    std::cerr << "shop-chaos: " << e.what() << "\n\n" << usage_text();
    return 2;
  }
  return run(o);
}
