#include "config/settings.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace shop::config;

namespace {

env_lookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& k) -> std::optional<std::string> {
    auto it = vars.find(k);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// A file of this process's own: ctest runs test cases as parallel processes, and two writing one
// path read each other's settings.
std::string write_file(const std::string& text) {
  static int written = 0;
  std::string path = "/tmp/shop_settings_test-" + std::to_string(::getpid()) + "-" +
                     std::to_string(++written) + ".conf";
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("defaults match API.md", "[config]") {
  auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}}));
  REQUIRE(std::holds_alternative<settings>(r));
  auto s = std::get<settings>(r);
  CHECK(s.http_address == "127.0.0.1");
  CHECK(s.http_port == 8080);
  CHECK(s.db_port == 3306);
  CHECK(s.db_user == "shop");
  CHECK(s.order_hold_ttl_ms == 600000);
  CHECK(s.order_sweep_interval_ms == 60000);
  CHECK(s.popularity_batch_utc == "00:00");
  CHECK(s.log_level == "info");
  CHECK(s.admin_token.empty());
}

TEST_CASE("environment wins over the file, the file over defaults", "[config]") {
  auto path = write_file("# comment\nhttp.port = 9000\ndb.name = fromfile\nauth.jwt_secret = f\n");
  auto r = load_settings(path, env_of({{"SHOP_DB_NAME", "fromenv"}}));
  REQUIRE(std::holds_alternative<settings>(r));
  auto s = std::get<settings>(r);
  CHECK(s.http_port == 9000);
  CHECK(s.db_name == "fromenv");
}

TEST_CASE("bad settings are one clear line", "[config]") {
  SECTION("jwt mode needs a secret") {
    auto r = load_settings("", env_of({}));
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r).find("SHOP_JWT_SECRET") != std::string::npos);
  }
  SECTION("auth none needs no secret") {
    auto r = load_settings("", env_of({{"SHOP_AUTH_MODE", "none"}}));
    CHECK(std::holds_alternative<settings>(r));
  }
  SECTION("port out of range") {
    auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}, {"SHOP_HTTP_PORT", "70000"}}));
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r).find("SHOP_HTTP_PORT") != std::string::npos);
  }
  SECTION("not a number") {
    auto r =
        load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}, {"SHOP_ORDER_HOLD_TTL_MS", "10m"}}));
    CHECK(std::holds_alternative<std::string>(r));
  }
  SECTION("bad batch time") {
    auto r = load_settings(
        "", env_of({{"SHOP_JWT_SECRET", "s"}, {"SHOP_POPULARITY_BATCH_UTC", "24:00"}}));
    CHECK(std::holds_alternative<std::string>(r));
  }
  SECTION("unknown key in file names file and line") {
    auto path = write_file("http.port = 1\nno.such = 2\n");
    auto r = load_settings(path, env_of({{"SHOP_JWT_SECRET", "s"}}));
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r).find(":2:") != std::string::npos);
  }
  SECTION("missing file") {
    auto r = load_settings("/nonexistent/shop.conf", env_of({{"SHOP_JWT_SECRET", "s"}}));
    CHECK(std::holds_alternative<std::string>(r));
  }
}

TEST_CASE("data platform delivery: retry base, timeout and concurrency", "[config]") {
  SECTION("defaults: off, 1 s first retry, 5 s timeout, 4 at once") {
    auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}}));
    REQUIRE(std::holds_alternative<settings>(r));
    auto s = std::get<settings>(r);
    CHECK(s.data_platform_url.empty());
    CHECK(s.data_platform_retry_base_ms == 1000);
    CHECK(s.data_platform_timeout_ms == 5000);
    CHECK(s.data_platform_concurrency == 4);
  }
  SECTION("file keys, and the environment winning over them") {
    auto path = write_file(
        "auth.jwt_secret = f\ndata_platform.url = http://127.0.0.1:9/x\n"
        "data_platform.retry_base_ms = 250\ndata_platform.timeout_ms = 800\n"
        "data_platform.concurrency = 16\n");
    auto r = load_settings(path, env_of({{"SHOP_DATA_PLATFORM_TIMEOUT_MS", "1200"}}));
    REQUIRE(std::holds_alternative<settings>(r));
    auto s = std::get<settings>(r);
    CHECK(s.data_platform_url == "http://127.0.0.1:9/x");
    CHECK(s.data_platform_retry_base_ms == 250);
    CHECK(s.data_platform_timeout_ms == 1200);
    CHECK(s.data_platform_concurrency == 16);
  }
  SECTION("out of range or not a number names the variable") {
    for (auto [var, value] : {std::pair{"SHOP_DATA_PLATFORM_RETRY_BASE_MS", "0"},
                              std::pair{"SHOP_DATA_PLATFORM_RETRY_BASE_MS", "60001"},
                              std::pair{"SHOP_DATA_PLATFORM_TIMEOUT_MS", "5s"},
                              std::pair{"SHOP_DATA_PLATFORM_TIMEOUT_MS", "0"},
                              std::pair{"SHOP_DATA_PLATFORM_CONCURRENCY", "0"},
                              std::pair{"SHOP_DATA_PLATFORM_CONCURRENCY", "65"}}) {
      auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}, {var, value}}));
      REQUIRE(std::holds_alternative<std::string>(r));
      CHECK(std::get<std::string>(r).find(var) != std::string::npos);
    }
  }
}

TEST_CASE("idempotency retention: purge interval", "[config]") {
  SECTION("default: every 10 minutes") {
    auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}}));
    REQUIRE(std::holds_alternative<settings>(r));
    CHECK(std::get<settings>(r).idempotency_purge_interval_ms == 600000);
  }
  SECTION("file key, and the environment winning over it") {
    auto path = write_file("auth.jwt_secret = f\nidempotency.purge_interval = 5000\n");
    auto from_file = load_settings(path, env_of({}));
    REQUIRE(std::holds_alternative<settings>(from_file));
    CHECK(std::get<settings>(from_file).idempotency_purge_interval_ms == 5000);
    auto from_env = load_settings(path, env_of({{"SHOP_IDEMPOTENCY_PURGE_INTERVAL_MS", "7000"}}));
    REQUIRE(std::holds_alternative<settings>(from_env));
    CHECK(std::get<settings>(from_env).idempotency_purge_interval_ms == 7000);
  }
  SECTION("below a second is refused, naming the variable") {
    auto r = load_settings(
        "", env_of({{"SHOP_JWT_SECRET", "s"}, {"SHOP_IDEMPOTENCY_PURGE_INTERVAL_MS", "999"}}));
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r).find("SHOP_IDEMPOTENCY_PURGE_INTERVAL_MS") != std::string::npos);
  }
}

TEST_CASE("sales totals: fold interval", "[config]") {
  SECTION("default: every second") {
    auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}}));
    REQUIRE(std::holds_alternative<settings>(r));
    CHECK(std::get<settings>(r).sales_fold_interval_ms == 1000);
  }
  SECTION("file key, and the environment winning over it") {
    auto path = write_file("auth.jwt_secret = f\nsales.fold_interval = 5000\n");
    auto from_file = load_settings(path, env_of({}));
    REQUIRE(std::holds_alternative<settings>(from_file));
    CHECK(std::get<settings>(from_file).sales_fold_interval_ms == 5000);
    auto from_env = load_settings(path, env_of({{"SHOP_SALES_FOLD_INTERVAL_MS", "250"}}));
    REQUIRE(std::holds_alternative<settings>(from_env));
    CHECK(std::get<settings>(from_env).sales_fold_interval_ms == 250);
  }
  SECTION("below 100 ms is refused, naming the variable") {
    auto r = load_settings(
        "", env_of({{"SHOP_JWT_SECRET", "s"}, {"SHOP_SALES_FOLD_INTERVAL_MS", "99"}}));
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r).find("SHOP_SALES_FOLD_INTERVAL_MS") != std::string::npos);
  }
}

TEST_CASE("HTTP limits: requests in flight, header bytes and header fields", "[config]") {
  SECTION("defaults") {
    auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}}));
    REQUIRE(std::holds_alternative<settings>(r));
    const auto& s = std::get<settings>(r);
    CHECK(s.http_max_in_flight == 1024);
    CHECK(s.http_max_header_bytes == 16 * 1024);
    CHECK(s.http_max_header_fields == 100);
  }
  SECTION("file keys, and the environment winning over them") {
    auto path = write_file(
        "auth.jwt_secret = f\nhttp.max_in_flight = 8\nhttp.max_header_bytes = 4096\n"
        "http.max_header_fields = 20\n");
    auto from_file = load_settings(path, env_of({}));
    REQUIRE(std::holds_alternative<settings>(from_file));
    CHECK(std::get<settings>(from_file).http_max_in_flight == 8);
    CHECK(std::get<settings>(from_file).http_max_header_bytes == 4096);
    CHECK(std::get<settings>(from_file).http_max_header_fields == 20);
    auto from_env = load_settings(path, env_of({{"SHOP_HTTP_MAX_IN_FLIGHT", "3"},
                                                {"SHOP_HTTP_MAX_HEADER_BYTES", "2048"},
                                                {"SHOP_HTTP_MAX_HEADER_FIELDS", "10"}}));
    REQUIRE(std::holds_alternative<settings>(from_env));
    CHECK(std::get<settings>(from_env).http_max_in_flight == 3);
    CHECK(std::get<settings>(from_env).http_max_header_bytes == 2048);
    CHECK(std::get<settings>(from_env).http_max_header_fields == 10);
  }
  SECTION("out of range is refused, naming the variable") {
    for (const auto& [var, value] :
         std::vector<std::pair<std::string, std::string>>{{"SHOP_HTTP_MAX_IN_FLIGHT", "0"},
                                                          {"SHOP_HTTP_MAX_HEADER_BYTES", "1023"},
                                                          {"SHOP_HTTP_MAX_HEADER_FIELDS", "0"}}) {
      INFO(var << "=" << value);
      auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}, {var, value}}));
      REQUIRE(std::holds_alternative<std::string>(r));
      CHECK(std::get<std::string>(r).find(var) != std::string::npos);
    }
  }
}

TEST_CASE("log format: text by default, json on request, anything else refused", "[config]") {
  SECTION("default: text") {
    auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}}));
    REQUIRE(std::holds_alternative<settings>(r));
    CHECK(std::get<settings>(r).log_output_format == log_format::text);
  }
  SECTION("json from the environment, text from the file") {
    auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}, {"SHOP_LOG_FORMAT", "json"}}));
    REQUIRE(std::holds_alternative<settings>(r));
    CHECK(std::get<settings>(r).log_output_format == log_format::json);
    auto path = write_file("auth.jwt_secret = f\nlog.format = text\n");
    auto from_file = load_settings(path, env_of({}));
    REQUIRE(std::holds_alternative<settings>(from_file));
    CHECK(std::get<settings>(from_file).log_output_format == log_format::text);
  }
  SECTION("another value is refused, naming the variable") {
    auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}, {"SHOP_LOG_FORMAT", "JSON"}}));
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r).find("SHOP_LOG_FORMAT") != std::string::npos);
  }
}

TEST_CASE("cluster: defaults, and membership only when a cluster setting is given", "[config]") {
  SECTION("none given: a lone node, named after its HTTP address") {
    auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"},
                                       {"SHOP_HTTP_ADDRESS", "10.0.0.7"},
                                       {"SHOP_HTTP_PORT", "8081"}}));
    REQUIRE(std::holds_alternative<settings>(r));
    auto s = std::get<settings>(r);
    CHECK_FALSE(s.cluster_enabled);
    CHECK(s.cluster_node_id.empty());
    CHECK(cluster_node_id(s) == "10.0.0.7:8081");
    CHECK(s.cluster_address == "127.0.0.1");
    CHECK(s.cluster_port == 0);
    CHECK(s.cluster_lease_ms == 5000);
    CHECK(s.cluster_shards == 256);
  }
  SECTION("each variable alone turns membership on, even at its default value") {
    for (auto [var, value] :
         {std::pair{"SHOP_CLUSTER_NODE_ID", "node-1"},
          std::pair{"SHOP_CLUSTER_ADDRESS", "127.0.0.1"}, std::pair{"SHOP_CLUSTER_PORT", "0"},
          std::pair{"SHOP_CLUSTER_LEASE_MS", "5000"}, std::pair{"SHOP_CLUSTER_SHARDS", "256"}}) {
      auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}, {var, value}}));
      REQUIRE(std::holds_alternative<settings>(r));
      CHECK(std::get<settings>(r).cluster_enabled);
    }
  }
  SECTION("file keys turn it on too, and the environment wins over them") {
    auto path = write_file(
        "auth.jwt_secret = f\ncluster.node_id = node-2\ncluster.address = 10.0.0.2\n"
        "cluster.port = 9082\ncluster.lease_ms = 2000\ncluster.shards = 64\n");
    auto r = load_settings(path, env_of({{"SHOP_CLUSTER_NODE_ID", "node-9"}}));
    REQUIRE(std::holds_alternative<settings>(r));
    auto s = std::get<settings>(r);
    CHECK(s.cluster_enabled);
    CHECK(cluster_node_id(s) == "node-9");
    CHECK(s.cluster_address == "10.0.0.2");
    CHECK(s.cluster_port == 9082);
    CHECK(s.cluster_lease_ms == 2000);
    CHECK(s.cluster_shards == 64);
    auto one_key =
        load_settings(write_file("auth.jwt_secret = f\ncluster.shards = 256\n"), env_of({}));
    REQUIRE(std::holds_alternative<settings>(one_key));
    CHECK(std::get<settings>(one_key).cluster_enabled);
  }
  SECTION("out of range, not a number or empty names the variable") {
    for (auto [var, value] :
         {std::pair{"SHOP_CLUSTER_LEASE_MS", "299"}, std::pair{"SHOP_CLUSTER_LEASE_MS", "5s"},
          std::pair{"SHOP_CLUSTER_SHARDS", "0"}, std::pair{"SHOP_CLUSTER_SHARDS", "65537"},
          std::pair{"SHOP_CLUSTER_PORT", "65536"}, std::pair{"SHOP_CLUSTER_ADDRESS", ""}}) {
      auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}, {var, value}}));
      REQUIRE(std::holds_alternative<std::string>(r));
      CHECK(std::get<std::string>(r).find(var) != std::string::npos);
    }
  }
  SECTION("the bounds themselves are accepted") {
    for (auto [var, value] :
         {std::pair{"SHOP_CLUSTER_LEASE_MS", "300"}, std::pair{"SHOP_CLUSTER_SHARDS", "1"},
          std::pair{"SHOP_CLUSTER_SHARDS", "65536"}}) {
      auto r = load_settings("", env_of({{"SHOP_JWT_SECRET", "s"}, {var, value}}));
      CHECK(std::holds_alternative<settings>(r));
    }
  }
  SECTION("a node id longer than the membership table holds is refused") {
    auto r = load_settings(
        "", env_of({{"SHOP_JWT_SECRET", "s"}, {"SHOP_CLUSTER_NODE_ID", std::string(256, 'n')}}));
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r).find("SHOP_CLUSTER_NODE_ID") != std::string::npos);
  }
}
