#include "config/settings.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <vector>

namespace shop::config {
namespace {

template <class T>
std::optional<std::string> parse_number(const std::string& key, const std::string& text, T& out,
                                        T min, T max) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max)
    return key + " must be a number in " + std::to_string(min) + ".." + std::to_string(max) +
           ", got '" + text + "'";
  out = value;
  return std::nullopt;
}

using setter = std::optional<std::string> (*)(settings&, const std::string&, const std::string&);

struct entry {
  const char* key;  // file key
  const char* env;  // environment variable
  setter set;
};

constexpr std::uint64_t max_u64 = std::numeric_limits<std::uint64_t>::max();

#define SHOP_TEXT(field)                                                                    \
  [](settings& s, const std::string&, const std::string& v) -> std::optional<std::string> { \
    s.field = v;                                                                            \
    return std::nullopt;                                                                    \
  }
#define SHOP_NUMBER(field, type, lo, hi)                                                      \
  [](settings& s, const std::string& k, const std::string& v) -> std::optional<std::string> { \
    return parse_number<type>(k, v, s.field, lo, hi);                                         \
  }
// A cluster setting also turns membership on: given at all, the node is meant to join others.
#define SHOP_CLUSTER_TEXT(field)                                                            \
  [](settings& s, const std::string&, const std::string& v) -> std::optional<std::string> { \
    s.field = v;                                                                            \
    s.cluster_enabled = true;                                                               \
    return std::nullopt;                                                                    \
  }
#define SHOP_CLUSTER_NUMBER(field, type, lo, hi)                                              \
  [](settings& s, const std::string& k, const std::string& v) -> std::optional<std::string> { \
    s.cluster_enabled = true;                                                                 \
    return parse_number<type>(k, v, s.field, lo, hi);                                         \
  }

const std::vector<entry>& entries() {
  static const std::vector<entry> table = {
      {"http.address", "SHOP_HTTP_ADDRESS", SHOP_TEXT(http_address)},
      {"http.port", "SHOP_HTTP_PORT", SHOP_NUMBER(http_port, std::uint16_t, 0, 65535)},
      {"http.io_threads", "SHOP_HTTP_IO_THREADS", SHOP_NUMBER(http_io_threads, unsigned, 0, 64)},
      {"http.read_timeout_ms", "SHOP_HTTP_READ_TIMEOUT_MS",
       SHOP_NUMBER(http_read_timeout_ms, std::uint64_t, 100, 3600000)},
      {"http.max_connections", "SHOP_HTTP_MAX_CONNECTIONS",
       SHOP_NUMBER(http_max_connections, std::uint64_t, 1, 1000000)},
      {"http.max_in_flight", "SHOP_HTTP_MAX_IN_FLIGHT",
       SHOP_NUMBER(http_max_in_flight, std::uint64_t, 1, 1000000)},
      {"http.max_header_bytes", "SHOP_HTTP_MAX_HEADER_BYTES",
       SHOP_NUMBER(http_max_header_bytes, std::uint64_t, 1024, 1048576)},
      {"http.max_header_fields", "SHOP_HTTP_MAX_HEADER_FIELDS",
       SHOP_NUMBER(http_max_header_fields, std::uint64_t, 1, 10000)},
      {"db.host", "SHOP_DB_HOST", SHOP_TEXT(db_host)},
      {"db.port", "SHOP_DB_PORT", SHOP_NUMBER(db_port, std::uint16_t, 1, 65535)},
      {"db.user", "SHOP_DB_USER", SHOP_TEXT(db_user)},
      {"db.password", "SHOP_DB_PASSWORD", SHOP_TEXT(db_password)},
      {"db.name", "SHOP_DB_NAME", SHOP_TEXT(db_name)},
      {"db.readers", "SHOP_DB_READERS", SHOP_NUMBER(db_readers, unsigned, 1, 64)},
      {"admin.token", "SHOP_ADMIN_TOKEN", SHOP_TEXT(admin_token)},
      {"auth.mode", "SHOP_AUTH_MODE",
       [](settings& s, const std::string& k, const std::string& v) -> std::optional<std::string> {
         if (v == "jwt")
           s.auth = auth_mode::jwt;
         else if (v == "none")
           s.auth = auth_mode::none;
         else
           return k + " must be 'jwt' or 'none', got '" + v + "'";
         return std::nullopt;
       }},
      {"auth.jwt_secret", "SHOP_JWT_SECRET", SHOP_TEXT(jwt_secret)},
      {"auth.token_ttl_s", "SHOP_JWT_TTL_S", SHOP_NUMBER(jwt_ttl_s, std::uint64_t, 60, 31536000)},
      {"orders.hold_ttl", "SHOP_ORDER_HOLD_TTL_MS",
       SHOP_NUMBER(order_hold_ttl_ms, std::uint64_t, 1, max_u64 / 2)},
      {"orders.sweep_interval", "SHOP_ORDER_SWEEP_INTERVAL_MS",
       SHOP_NUMBER(order_sweep_interval_ms, std::uint64_t, 1, max_u64 / 2)},
      {"idempotency.purge_interval", "SHOP_IDEMPOTENCY_PURGE_INTERVAL_MS",
       SHOP_NUMBER(idempotency_purge_interval_ms, std::uint64_t, 1000, max_u64 / 2)},
      {"sales.fold_interval", "SHOP_SALES_FOLD_INTERVAL_MS",
       SHOP_NUMBER(sales_fold_interval_ms, std::uint64_t, 100, max_u64 / 2)},
      {"data_platform.url", "SHOP_DATA_PLATFORM_URL", SHOP_TEXT(data_platform_url)},
      // At most the 60 s cap of the backoff (delivery_options::retry_max).
      {"data_platform.retry_base_ms", "SHOP_DATA_PLATFORM_RETRY_BASE_MS",
       SHOP_NUMBER(data_platform_retry_base_ms, std::uint64_t, 1, 60000)},
      {"data_platform.timeout_ms", "SHOP_DATA_PLATFORM_TIMEOUT_MS",
       SHOP_NUMBER(data_platform_timeout_ms, std::uint64_t, 1, 600000)},
      {"data_platform.concurrency", "SHOP_DATA_PLATFORM_CONCURRENCY",
       SHOP_NUMBER(data_platform_concurrency, std::uint64_t, 1, 64)},
      {"popularity.batch_utc", "SHOP_POPULARITY_BATCH_UTC",
       [](settings& s, const std::string& k, const std::string& v) -> std::optional<std::string> {
         int h = -1, m = -1;
         if (v.size() != 5 || v[2] != ':' || std::sscanf(v.c_str(), "%2d:%2d", &h, &m) != 2 ||
             h < 0 || h > 23 || m < 0 || m > 59)
           return k + " must be HH:MM (UTC), got '" + v + "'";
         s.popularity_batch_utc = v;
         return std::nullopt;
       }},
      {"log.format", "SHOP_LOG_FORMAT",
       [](settings& s, const std::string& k, const std::string& v) -> std::optional<std::string> {
         if (v == "text")
           s.log_output_format = log_format::text;
         else if (v == "json")
           s.log_output_format = log_format::json;
         else
           return k + " must be 'text' or 'json', got '" + v + "'";
         return std::nullopt;
       }},
      {"log.level", "SHOP_LOG_LEVEL",
       [](settings& s, const std::string& k, const std::string& v) -> std::optional<std::string> {
         static const char* levels[] = {"trace", "debug",    "info", "warn",
                                        "error", "critical", "off"};
         for (auto* l : levels)
           if (v == l) {
             s.log_level = v;
             return std::nullopt;
           }
         return k + " must be one of trace, debug, info, warn, error, critical, off; got '" + v +
                "'";
       }},
      {"journal.batch_window_us", "SHOP_JOURNAL_BATCH_WINDOW_US",
       SHOP_NUMBER(journal_batch_window_us, std::uint64_t, 0, 1000000)},
      {"journal.max_batch", "SHOP_JOURNAL_MAX_BATCH",
       SHOP_NUMBER(journal_max_batch, std::uint64_t, 1, 100000)},
      {"journal.queue_capacity", "SHOP_JOURNAL_QUEUE_CAPACITY",
       SHOP_NUMBER(journal_queue_capacity, std::uint64_t, 1, 10000000)},
      {"actors.idle_ttl_ms", "SHOP_ACTOR_IDLE_TTL_MS",
       SHOP_NUMBER(actor_idle_ttl_ms, std::uint64_t, 10, max_u64 / 2)},
      {"actors.threads", "SHOP_ACTOR_THREADS", SHOP_NUMBER(actor_threads, unsigned, 0, 256)},
      {"cluster.node_id", "SHOP_CLUSTER_NODE_ID", SHOP_CLUSTER_TEXT(cluster_node_id)},
      {"cluster.address", "SHOP_CLUSTER_ADDRESS", SHOP_CLUSTER_TEXT(cluster_address)},
      {"cluster.port", "SHOP_CLUSTER_PORT",
       SHOP_CLUSTER_NUMBER(cluster_port, std::uint16_t, 0, 65535)},
      // At least 300 ms: a lease is renewed several times within its length, and shorter ones
      // would declare nodes dead over a scheduling hiccup. At most a day.
      {"cluster.lease_ms", "SHOP_CLUSTER_LEASE_MS",
       SHOP_CLUSTER_NUMBER(cluster_lease_ms, std::uint64_t, 300, 86400000)},
      {"cluster.shards", "SHOP_CLUSTER_SHARDS",
       SHOP_CLUSTER_NUMBER(cluster_shards, std::uint32_t, 1, 65536)},
  };
  return table;
}

#undef SHOP_TEXT
#undef SHOP_NUMBER
#undef SHOP_CLUSTER_TEXT
#undef SHOP_CLUSTER_NUMBER

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

env_lookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (const char* v = std::getenv(name.c_str())) return std::string{v};
    return std::nullopt;
  };
}

std::optional<std::string> apply_setting(settings& s, const std::string& key,
                                         const std::string& value) {
  for (const auto& e : entries())
    if (key == e.key) return e.set(s, key, value);
  return "unknown setting '" + key + "'";
}

std::optional<std::string> validate(const settings& s) {
  if (s.auth == auth_mode::jwt && s.jwt_secret.empty())
    return "SHOP_JWT_SECRET (auth.jwt_secret) is required when auth.mode is jwt";
  if (s.http_address.empty()) return "SHOP_HTTP_ADDRESS must not be empty";
  if (s.db_host.empty() || s.db_name.empty() || s.db_user.empty())
    return "SHOP_DB_HOST, SHOP_DB_USER and SHOP_DB_NAME must not be empty";
  if (s.cluster_address.empty()) return "SHOP_CLUSTER_ADDRESS must not be empty";
  // The membership table's column (migration 0008).
  if (cluster_node_id(s).size() > 255) return "SHOP_CLUSTER_NODE_ID must be at most 255 characters";
  return std::nullopt;
}

std::string cluster_node_id(const settings& s) {
  if (!s.cluster_node_id.empty()) return s.cluster_node_id;
  return s.http_address + ":" + std::to_string(s.http_port);
}

std::variant<settings, std::string> load_settings(const std::string& config_file,
                                                  const env_lookup& env) {
  settings s;
  if (!config_file.empty()) {
    std::ifstream in(config_file);
    if (!in) return "cannot read config file '" + config_file + "'";
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      line = trim(line);
      if (line.empty() || line[0] == '#') continue;
      auto eq = line.find('=');
      if (eq == std::string::npos)
        return config_file + ":" + std::to_string(n) + ": expected 'key = value'";
      if (auto err = apply_setting(s, trim(line.substr(0, eq)), trim(line.substr(eq + 1))))
        return config_file + ":" + std::to_string(n) + ": " + *err;
    }
  }
  for (const auto& e : entries())
    if (auto v = env(e.env))
      if (auto err = e.set(s, e.env, *v)) return *err;
  if (auto err = validate(s)) return *err;
  return s;
}

}  // namespace shop::config
