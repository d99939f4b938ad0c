// The shop's settings: built-in defaults, then an optional file, then SHOP_* environment variables.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>

namespace shop::config {

enum class auth_mode { jwt, none };
enum class log_format { text, json };

struct settings {
  // HTTP front
  std::string http_address = "127.0.0.1";
  std::uint16_t http_port = 8080;
  unsigned http_io_threads = 0;  // 0: half the cores (the other half runs actors)
  std::uint64_t http_read_timeout_ms = 15000;
  std::uint64_t http_max_connections = 4096;
  std::uint64_t http_max_in_flight = 1024;          // requests being worked on at once; beyond: 503
  std::uint64_t http_max_header_bytes = 16 * 1024;  // request line and header block; beyond: 431
  std::uint64_t http_max_header_fields = 100;       // beyond: 431

  // Database
  std::string db_host = "127.0.0.1";
  std::uint16_t db_port = 3306;
  std::string db_user = "shop";
  std::string db_password = "shop";
  std::string db_name = "shop";
  unsigned db_readers = 4;  // connections for loads and catalog queries

  // Access
  std::string admin_token;  // empty: every admin call is refused
  auth_mode auth = auth_mode::jwt;
  std::string jwt_secret;
  std::uint64_t jwt_ttl_s = 86400;  // lifetime of the customer tokens the admin endpoints issue

  // Orders
  std::uint64_t order_hold_ttl_ms = 600000;
  std::uint64_t order_sweep_interval_ms = 60000;

  // Idempotency records older than their 24 h window are deleted this often.
  std::uint64_t idempotency_purge_interval_ms = 600000;

  // Paid orders' sales rows are folded into the per-option totals this often (sales_fold.hpp).
  std::uint64_t sales_fold_interval_ms = 1000;

  // Paid orders go to the data platform (empty url: delivery off); a failed delivery is retried
  // after retry_base, doubling per failure.
  std::string data_platform_url;
  std::uint64_t data_platform_retry_base_ms = 1000;
  std::uint64_t data_platform_timeout_ms = 5000;  // connect + send + answer, per attempt
  std::uint64_t data_platform_concurrency = 4;    // delivery attempts at once
  std::string popularity_batch_utc = "00:00";
  std::string log_level = "info";
  log_format log_output_format =
      log_format::text;  // SHOP_LOG_FORMAT: text | json (app/log_format.hpp)

  // Write-behind journal
  std::uint64_t journal_batch_window_us =
      0;                                   // 0: a batch is whatever queued during the last commit
  std::uint64_t journal_max_batch = 1024;  // units per transaction
  std::uint64_t journal_queue_capacity = 20000;  // admitted, uncommitted units; beyond: 503

  // Actors
  std::uint64_t actor_idle_ttl_ms = 300000;  // passivate an entity idle this long
  unsigned actor_threads = 0;                // 0: half the cores (at least 1)

  // Cluster (API.md "Cluster"). A node given none of these runs alone, as a cluster of one, with
  // no membership: cluster_enabled is set as soon as one of them is given, in the file or the
  // environment (even with its default value).
  bool cluster_enabled = false;
  std::string cluster_node_id;  // empty: "<http address>:<http port>", see cluster_node_id()
  std::string cluster_address = "127.0.0.1";  // where the other nodes reach this one
  std::uint16_t cluster_port = 0;             // 0: any free port (the one bound is advertised)
  std::uint64_t cluster_lease_ms = 5000;      // not renewed for this long: the node is dead
  std::uint32_t cluster_shards = 256;         // fixed for the life of a database
};

// Reads an environment variable; returns nullopt when unset. Injected so tests need no real env.
using env_lookup = std::function<std::optional<std::string>(const std::string&)>;

env_lookup process_environment();

// Loads defaults -> file (if path non-empty) -> environment, then validates.
// Returns the settings, or one line saying what is wrong.
std::variant<settings, std::string> load_settings(const std::string& config_file,
                                                  const env_lookup& env);

// Applies one `key = value` setting (file key such as "db.port"). Returns an error line or nullopt.
std::optional<std::string> apply_setting(settings& s, const std::string& key,
                                         const std::string& value);

std::optional<std::string> validate(const settings& s);

// This node's name in the cluster: the configured one, or "<http address>:<http port>".
std::string cluster_node_id(const settings& s);

}  // namespace shop::config
