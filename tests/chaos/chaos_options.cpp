#include "tests/chaos/chaos_options.hpp"

#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>

#include "tests/chaos/tamper.hpp"

namespace shop::chaos {
namespace {

int to_int(const std::string& flag, const std::string& v, int lo, int hi) {
  std::size_t used = 0;
  long n = 0;
  try {
    n = std::stol(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != v.size() || n < lo || n > hi)
    throw usage_error(flag + " needs a whole number in " + std::to_string(lo) + ".." +
                      std::to_string(hi) + ", got '" + v + "'");
  return static_cast<int>(n);
}

}  // namespace

std::string usage_text() {
  return R"(usage: shop-chaos [options]
  --server-bin PATH       shop-server to run (else SHOP_TEST_SERVER_BIN, else the build's)
  --nodes N               shop-server processes on one database (default 1)
  --cluster               give node i SHOP_CLUSTER_NODE_ID=node-<i>, a SHOP_CLUSTER_PORT and
                          SHOP_CLUSTER_LEASE_MS
  --lease-ms MS           SHOP_CLUSTER_LEASE_MS with --cluster (default 2000)
  --plan LIST             faults, one per cycle, in turn (default kill9): none, kill9[:MS],
                          sigterm[:MS], sigstop[:MS], dbrestart[:MS], restart
  --cycles K              cycles to run (default 1)
  --target I              node index the one-node faults hit (default: a random node each time)
  --threads T             client threads (default 4)
  --users U               customers, split between the threads (default 24)
  --products P            products, two options each (default 3)
  --load-before-ms MS     load before each fault (default 1500)
  --load-after-ms MS      load after each fault (default 1500)
  --request-timeout-ms MS a request without an answer by then is unknown (default 5000)
  --unkeyed-percent N     requests sent without Idempotency-Key (default 20)
  --replay-sample N       answered keyed requests replayed after each cycle (default 40)
  --term-timeout-s S      how long a SIGTERMed node may take to exit 0 (default 30)
  --hold-ms MS            SHOP_ORDER_HOLD_TTL_MS for the nodes (default: the server's)
  --seed N                random seed (default: from the clock; printed)
  --keep-db               do not empty the database first
  --tamper WHAT           before the last audit, change the database behind the shop's back
                          (balance, order, stock or coupon): the audit must report it
Database: SHOP_DB_HOST/PORT/USER/PASSWORD/NAME. dbrestart runs the shell commands in
SHOP_TEST_DB_STOP and SHOP_TEST_DB_START. Exit: 0 no finding, 1 findings, 2 bad usage, 3 the run
could not be set up or carried on.
)";
}

chaos_options parse_options(int argc, char** argv) {
  chaos_options o;
  if (const char* bin = std::getenv("SHOP_TEST_SERVER_BIN"); bin && *bin) o.server_bin = bin;
#ifdef SHOP_SERVER_BIN
  if (!o.tamper.empty() && !known_tamper(o.tamper))
    throw usage_error("--tamper takes balance, order, stock or coupon");
  if (o.server_bin.empty()) o.server_bin = SHOP_SERVER_BIN;
#endif
  using setter = std::function<void(const std::string&, const std::string&)>;
  const std::map<std::string, setter> with_value = {
      {"--server-bin", [&](auto&, auto& v) { o.server_bin = v; }},
      {"--nodes", [&](auto& f, auto& v) { o.nodes = to_int(f, v, 1, 16); }},
      {"--lease-ms", [&](auto& f, auto& v) { o.lease_ms = to_int(f, v, 100, 600000); }},
      {"--plan", [&](auto&, auto& v) { o.plan_text = v; }},
      {"--cycles", [&](auto& f, auto& v) { o.cycles = to_int(f, v, 1, 1000000); }},
      {"--target", [&](auto& f, auto& v) { o.target = to_int(f, v, 0, 15); }},
      {"--threads", [&](auto& f, auto& v) { o.threads = to_int(f, v, 1, 64); }},
      {"--users", [&](auto& f, auto& v) { o.users = to_int(f, v, 1, 10000); }},
      {"--products", [&](auto& f, auto& v) { o.products = to_int(f, v, 1, 100); }},
      {"--load-before-ms", [&](auto& f, auto& v) { o.load_before_ms = to_int(f, v, 0, 3600000); }},
      {"--load-after-ms", [&](auto& f, auto& v) { o.load_after_ms = to_int(f, v, 0, 3600000); }},
      {"--request-timeout-ms",
       [&](auto& f, auto& v) { o.request_timeout_ms = to_int(f, v, 100, 600000); }},
      {"--unkeyed-percent", [&](auto& f, auto& v) { o.unkeyed_percent = to_int(f, v, 0, 100); }},
      {"--replay-sample", [&](auto& f, auto& v) { o.replay_sample = to_int(f, v, 0, 1000000); }},
      {"--term-timeout-s", [&](auto& f, auto& v) { o.term_timeout_s = to_int(f, v, 1, 3600); }},
      {"--hold-ms", [&](auto& f, auto& v) { o.hold_ms = to_int(f, v, 1000, 86400000); }},
      {"--tamper", [&](auto&, auto& v) { o.tamper = v; }},
      {"--seed",
       [&](auto& f, auto& v) { o.seed = static_cast<unsigned>(to_int(f, v, 1, 2147483647)); }},
  };
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--cluster") {
      o.cluster = true;
    } else if (flag == "--keep-db") {
      o.keep_db = true;
    } else if (auto it = with_value.find(flag); it != with_value.end()) {
      if (i + 1 >= argc) throw usage_error(flag + " needs a value");
      it->second(flag, argv[++i]);
    } else {
      throw usage_error("unknown option '" + flag + "'");
    }
  }
  try {
    o.plan = parse_plan(o.plan_text);
  } catch (const std::invalid_argument& e) {
    throw usage_error(std::string("--plan: ") + e.what());
  }
  if (!o.tamper.empty() && !known_tamper(o.tamper))
    throw usage_error("--tamper takes balance, order, stock or coupon");
  if (o.server_bin.empty()) throw usage_error("no shop-server: pass --server-bin");
  if (o.target && *o.target >= o.nodes)
    throw usage_error("--target " + std::to_string(*o.target) + " but only " +
                      std::to_string(o.nodes) + " node(s)");
  if (o.nodes > 1 && !o.cluster)
    throw usage_error("--nodes above 1 shares one database between nodes: pass --cluster");
  if (o.users < o.threads) throw usage_error("--users must be at least --threads");
  if (o.seed == 0)
    o.seed = static_cast<unsigned>(
        std::chrono::steady_clock::now().time_since_epoch().count() % 2147483647 + 1);
  return o;
}

}  // namespace shop::chaos
