// kill -9 of one node of a 3-node cluster while orders it owns hold stock of options the others
// own: an order's unit carries its options' moves, and an option waits for the order's `settled`.
// An order whose node dies never sends it; the option must then take its figures from the
// database again, not keep holds that unit may never have committed, and must still passivate
// (or a handoff of its shard would wait for it), and come back at once so that its product shows
// the reloaded figures.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/cluster_fixture.hpp"
#include "tests/support/shop_orders.hpp"
#include "tests/support/shop_users.hpp"
#include "tests/support/wait_until.hpp"

namespace {

using namespace shop::test;
using std::chrono::milliseconds;

}  // namespace

TEST_CASE_METHOD(cluster_fixture,
                 "cluster: after kill -9 of a node whose orders held stock on the others, every "
                 "option shows exactly the holds of committed PENDING orders",
                 "[e2e][cluster][kill9]") {
  constexpr std::size_t victim = 2;
  constexpr int workers = 8;
  constexpr std::int64_t units = 100000;
  // Options the survivors own: every hold an order of the victim places crosses nodes.
  std::vector<std::int64_t> options;
  for (int i = 0; options.size() < 4; ++i) {
    REQUIRE(i < 60);
    const auto o = create_option(port(0), ledger, "far" + std::to_string(i), 100, units);
    if (owner("option", o) != fleet.name(victim)) options.push_back(o);
  }
  std::vector<shop_user> users;
  for (int i = 0; i < workers; ++i)
    users.push_back(create_funded_user(port(0), ledger, "buyer" + std::to_string(i), 0));

  // Orders through the survivors; about a third of them live on the victim.
  std::atomic<bool> stop{false};
  std::atomic<int> created{0};
  std::vector<std::thread> load;
  for (int w = 0; w < workers; ++w)
    load.emplace_back([&, w] {
      const auto& u = users[static_cast<std::size_t>(w)];
      for (int n = 0; !stop; ++n) {
        const auto opt = options[static_cast<std::size_t>(w + n) % options.size()];
        try {
          auto r =
              http_call(port(static_cast<std::size_t>(w) % 2), "POST", "/api/orders",
                        json{{"userId", u.id}, {"items", lines({{opt, 1}})}}.dump(), bearer(u));
          if (r.status == 201) ++created;
        } catch (const std::exception&) {
        }
      }
    });
  std::this_thread::sleep_for(milliseconds(1500));
  fleet.process(victim).kill9();
  std::this_thread::sleep_for(milliseconds(300));
  stop = true;
  for (auto& t : load) t.join();
  INFO(created << " orders created");
  REQUIRE(created > 0);
  require_spread();

  // No option keeps waiting for an order that is gone: each ends with nothing in flight (or is
  // passivated, to be read again from the database).
  const auto nothing_in_flight = [&] {
    for (auto o : options) {
      auto r = http_call(port(0), "GET", "/admin/actors/option/" + std::to_string(o), "",
                         server_process::admin_headers());
      if (r.status == 404) continue;
      if (r.status != 200 || r.json().value("inFlight", -1) != 0) return false;
    }
    return true;
  };
  CHECK(wait_until(nothing_in_flight, milliseconds(10000), milliseconds(100)));
  for (auto o : options) {
    INFO("option " << o);
    const auto s = option_state(port(0), ledger, o);
    CHECK(s.reserved == sql_units(o, "PENDING"));
    CHECK(s.stock + s.reserved == units);
  }
  check_invariants(port(1), ledger);
  // The survivors still hand their shards over and exit 0.
  CHECK(fleet.process(0).terminate(std::chrono::seconds(60)) == 0);
}
