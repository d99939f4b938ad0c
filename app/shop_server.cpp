// shop-server: reads settings, prepares the database, starts the actors and the HTTP front, and
// on SIGTERM/SIGINT stops accepting, finishes in-flight requests, flushes every write, exits 0.
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <csignal>
#include <cstring>
#include <iostream>
#include <thread>

#include "actors/messages.hpp"
#include "actors/rules/popularity.hpp"
#include "actors/shop_runtime.hpp"
#include "app/log_format.hpp"
#include "config/settings.hpp"
#include "http/data_platform_client.hpp"
#include "http/http_server.hpp"
#include "http/shop_routes.hpp"
#include "metrics/metrics.hpp"
#include "persistence/database.hpp"

namespace {

constexpr int exit_bad_config = 2;
constexpr int exit_fenced = 3;  // docs/operations.md: a cluster node declared dead by the others

shop::runtime_options runtime_options_of(const shop::config::settings& s) {
  shop::runtime_options o;
  o.db = {s.db_host, s.db_port, s.db_user, s.db_password, s.db_name};
  o.readers = s.db_readers;
  o.journal.batch_window = std::chrono::microseconds(s.journal_batch_window_us);
  o.journal.max_batch = s.journal_max_batch;
  o.journal.fold_interval = std::chrono::milliseconds(s.sales_fold_interval_ms);
  o.journal_capacity = static_cast<std::int64_t>(s.journal_queue_capacity);
  o.idle_ttl = std::chrono::milliseconds(s.actor_idle_ttl_ms);
  o.order_hold_ttl = std::chrono::milliseconds(s.order_hold_ttl_ms);
  o.order_sweep_interval = std::chrono::milliseconds(s.order_sweep_interval_ms);
  o.receipt_purge_interval = std::chrono::milliseconds(s.idempotency_purge_interval_ms);
  o.delivery.retry_base = std::chrono::milliseconds(s.data_platform_retry_base_ms);
  o.delivery.couriers = s.data_platform_concurrency;
  o.popularity_batch_minute = shop::rules::parse_batch_time(s.popularity_batch_utc).value_or(0);
  o.cluster.enabled = s.cluster_enabled;
  o.cluster.node_id = shop::config::cluster_node_id(s);
  o.cluster.http_address = s.http_address + ":" + std::to_string(s.http_port);
  o.cluster.address = s.cluster_address;
  o.cluster.port = s.cluster_port;
  o.cluster.lease_ms = static_cast<std::int64_t>(s.cluster_lease_ms);
  o.cluster.shards = s.cluster_shards;
  o.cluster.on_fenced = [] {
    // Declared dead by the others (paused or cut off past its lease): whatever it still holds may
    // be another node's now. Exit at once; a supervisor starts it again as a new incarnation.
    spdlog::default_logger()->flush();
    std::_Exit(exit_fenced);
  };
  o.cluster_ids = s.cluster_enabled;  // nodes sharing the database must not share ids
  return o;
}

// A configured thread count, or (0) half the machine's cores, at least one.
unsigned half_the_cores(unsigned configured) {
  if (configured > 0) return configured;
  return std::max(1u, std::thread::hardware_concurrency() / 2);
}

void setup_logging(const std::string& level, shop::config::log_format format) {
  // Synchronous but buffered: each line is formatted on the calling thread into stdio's buffer,
  // written out every second and at once for warnings. No flush (syscall) per request, and no
  // extra logging thread competing for the two cores.
  auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>("/dev/stdout");
  auto logger = std::make_shared<spdlog::logger>("shop", sink);
  shop::app::apply_log_format(*logger, format);
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
}

// Waits for the database (it may still be starting) for up to a minute.
std::unique_ptr<shop::shop_runtime> start_with_retries(caf::actor_system& sys,
                                                       const shop::runtime_options& opts) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    try {
      return shop::start_runtime(sys, opts);
    } catch (const shop::cluster_misconfigured&) {
      throw;  // waiting cannot fix it
    } catch (const std::exception& e) {
      if (std::chrono::steady_clock::now() > deadline) throw;
      spdlog::warn("{}; retrying", e.what());
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_file;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      config_file = argv[++i];
    } else if (std::strcmp(argv[i], "--version") == 0) {
      std::cout << "shop-server " << shop::metrics::version() << " (build "
                << shop::metrics::build() << ")\n";
      return 0;
    } else if (std::strcmp(argv[i], "--help") == 0) {
      std::cout << "usage: shop-server [--config FILE] | --version | --help\n"
                   "Settings: built-in defaults, then FILE (key = value), then SHOP_* variables.\n";
      return 0;
    } else {
      std::cerr << "shop-server: unknown argument '" << argv[i] << "' (try --help)\n";
      return exit_bad_config;
    }
  }
  auto loaded = shop::config::load_settings(config_file, shop::config::process_environment());
  if (auto* err = std::get_if<std::string>(&loaded)) {
    std::cerr << "shop-server: " << *err << "\n";
    return exit_bad_config;
  }
  const auto settings = std::get<shop::config::settings>(loaded);
  auto runtime_opts = runtime_options_of(settings);
  if (!settings.data_platform_url.empty()) {
    try {
      runtime_opts.deliver_order = shop::http::make_data_platform_transport(
          settings.data_platform_url, std::chrono::milliseconds(settings.data_platform_timeout_ms));
    } catch (const std::invalid_argument& e) {  // a bad url is a config error like any other
      std::cerr << "shop-server: " << e.what() << "\n";
      return exit_bad_config;
    }
  }
  // Signals are taken by sigwait below, never by a random thread:
  // blocked before any thread (spdlog's flusher included) is created, so every thread inherits it.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  setup_logging(settings.log_level, settings.log_output_format);
  if (settings.auth == shop::config::auth_mode::none)
    spdlog::warn("auth.mode=none: customer endpoints check no token (development only)");
  if (settings.admin_token.empty())
    spdlog::warn("SHOP_ADMIN_TOKEN is not set: every admin endpoint answers 401");
  if (settings.data_platform_url.empty())
    spdlog::info("data_platform.url is empty: paid orders stay in the outbox, undelivered");

  shop::persistence::init_driver();
  caf::actor_system_config cfg;
  shop::add_message_types(cfg);
  if (settings.cluster_enabled) {
    cfg.load<caf::io::middleman>();
    // A peer of another build is refused at the handshake: its messages may not match ours.
    cfg.set("middleman.app-identifiers",
            std::vector<std::string>{std::string{"shop-"} + shop::metrics::version()});
    // A paused peer is noticed (down_msg) after about a second, not never (cluster-notes.md); its
    // shards still move only when its lease runs out in the database.
    cfg.set("middleman.heartbeat-interval", caf::timespan{std::chrono::milliseconds(200)});
    cfg.set("middleman.connection-timeout",
            caf::timespan{std::chrono::milliseconds(
                std::max<std::uint64_t>(1000, settings.cluster_lease_ms / 2))});
  }
  // Cores are split between actors and HTTP I/O: every request crosses from one to the other, and
  // more threads than cores only add context switches (CAF 0.17 alone would start at least 4).
  cfg.set("scheduler.max-threads",
          static_cast<std::size_t>(half_the_cores(settings.actor_threads)));
  cfg.set("logger.verbosity", caf::atom("quiet"));
  // An idle worker goes from busy polling straight to waiting on its condition variable, without
  // CAF's 500 polls 50 µs apart: each of those sleeps is a timer interrupt, and under load the
  // worker idles between every hand-off from the HTTP thread (+5 to +30 % buys/s in four
  // alternating runs, docs/benchmarks.md).
  cfg.set("work-stealing.moderate-poll-attempts", std::size_t{0});
  caf::actor_system sys{cfg};

  std::unique_ptr<shop::shop_runtime> runtime;
  try {
    runtime = start_with_retries(sys, runtime_opts);
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    spdlog::default_logger()->flush();
    std::cerr << "shop-server: " << e.what() << "\n";
    return 1;
  }

  shop::http::api_context api{shop::service::shop_service{*runtime}};
  api.jwt_secret = settings.jwt_secret;
  api.token_ttl_s = static_cast<std::int64_t>(settings.jwt_ttl_s);
  api.node.node_id = shop::config::cluster_node_id(settings);
  api.node.http_address = settings.http_address + ":" + std::to_string(settings.http_port);
  api.node.shard_count = static_cast<std::int64_t>(settings.cluster_shards);
  api.node.lease_ms = static_cast<std::int64_t>(settings.cluster_lease_ms);
  shop::http::server_limits limits;
  limits.io_threads = half_the_cores(settings.http_io_threads);
  limits.read_timeout = std::chrono::milliseconds(settings.http_read_timeout_ms);
  limits.max_connections = settings.http_max_connections;
  limits.max_in_flight = settings.http_max_in_flight;
  limits.header_limit = settings.http_max_header_bytes;
  limits.max_header_fields = settings.http_max_header_fields;
  shop::http::http_server server{
      settings.http_address, settings.http_port, limits,
      shop::http::make_dispatcher(
          shop::http::shop_routes(api),
          {settings.admin_token, settings.auth == shop::config::auth_mode::jwt,
           settings.jwt_secret})};
  try {
    server.start();
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen: {}", e.what());
    runtime->stop();
    spdlog::default_logger()->flush();
    std::cerr << "shop-server: " << e.what() << "\n";
    return 1;
  }
  spdlog::info("shop-server listening on {}:{}", settings.http_address, server.port());

  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("signal {}: draining", sig);
  // Every connection ends before the flush: a request is either dispatched before the drain began
  // (its answer is written, then the connection closes) or refused with a 503 without acting, so
  // nothing the flush commits can lose its answer to server.stop().
  bool drained = server.drain(std::chrono::seconds(30));
  // A cluster node hands its shards over (passivate, commit, release) for the others to take.
  if (runtime->cluster && !runtime->leave(std::chrono::seconds(30)))
    spdlog::warn(
        "cluster: not every shard was handed over; the others take the rest when this "
        "node's lease runs out");
  bool flushed = runtime->flush(std::chrono::seconds(60));
  // Only if the drain timed out: answers of requests the flush just committed.
  if (!drained) server.wait_idle(std::chrono::seconds(5));
  server.stop();
  runtime->stop();
  // An actor awaiting an answer (`await`) takes no other message, its exit included (CAF 0.17):
  // one that waits on a node that died would keep ~actor_system waiting forever. Everything
  // acknowledged is committed by now, so after a grace the process ends without it.
  auto grace_end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (sys.registry().running() > 0 && std::chrono::steady_clock::now() < grace_end)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (auto left = sys.registry().running(); left > 0) {
    spdlog::warn("{} actors did not stop (awaiting a peer that is gone); exiting without them",
                 left);
    sys.await_actors_before_shutdown(false);
  }
  spdlog::info("stopped (requests drained: {}, journal flushed: {})", drained, flushed);
  // Flush, not spdlog::shutdown(): the actor system is destroyed after this line, and a session
  // it releases then may still log (a shut-down spdlog crashes there).
  spdlog::default_logger()->flush();
  return flushed ? 0 : 1;
}
