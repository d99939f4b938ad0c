// GET /metrics against shop-server as a process: Prometheus text that `promtool check metrics`
// accepts, without a token, whose counters and gauges move with the requests the server serves.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/metrics_text.hpp"
#include "tests/support/shop_orders.hpp"
#include "tests/support/shop_users.hpp"

namespace {

using namespace shop::test;

http_result scrape(unsigned short port) {
  auto r = http_call(port, "GET", "/metrics");
  INFO("GET /metrics -> " << r.status);
  REQUIRE(r.status == 200);
  CHECK(r.headers["content-type"].rfind("text/plain; version=0.0.4", 0) == 0);
  return r;
}

// Runs `promtool check metrics` on `text`; returns its exit status and output.
std::pair<int, std::string> promtool_check(const std::string& text) {
  char in_path[] = "/tmp/shop-metrics-XXXXXX";
  int fd = mkstemp(in_path);
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(in_path) << text;
  const std::string out_path = std::string(in_path) + ".out";
  const std::string cmd =
      std::string("promtool check metrics < ") + in_path + " > " + out_path + " 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ifstream out(out_path);
  std::stringstream ss;
  ss << out.rdbuf();
  std::remove(in_path);
  std::remove(out_path.c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, ss.str()};
}

void require_promtool_ok(const std::string& text) {
  REQUIRE(std::system("command -v promtool > /dev/null") == 0);  // scripts/install-deps.sh
  auto [rc, out] = promtool_check(text);
  INFO("promtool: " << out << "\n--- metrics ---\n" << text);
  CHECK(rc == 0);
  CHECK(out.find("problem") == std::string::npos);  // lint findings
}

}  // namespace

TEST_CASE("GET /metrics passes promtool and moves when requests are served", "[e2e][metrics]") {
  order_server s;
  const auto port = s.port();
  const auto before = scrape(port).body;
  require_promtool_ok(before);
  // build: the source's `git describe` at configure time (or "unknown"), whatever it is here.
  const std::string build_info =
      "shop_build_info{version=\"0.2.2\",caf=\"0.17.6\",boost=\"1_74\",build=\"";
  const auto at = before.find(build_info);
  REQUIRE(at != std::string::npos);
  const auto line_end = before.find('\n', at);
  const auto closing = before.find("\"} 1", at + build_info.size());
  CHECK(closing != std::string::npos);
  CHECK(closing + 4 == line_end);
  CHECK(closing > at + build_info.size());

  const std::string detail_ok =
      "shop_http_requests_total{method=\"GET\",route=\"/api/products/{productId}\",status=\"200\"}";
  const std::string unknown =
      "shop_http_requests_total{method=\"any\",route=\"?404\",status=\"404\"}";
  auto option = create_option(port, s.ledger, "metered", 5000, 10);
  const auto product = s.ledger.option_product.at(option);
  for (int i = 0; i < 5; ++i)
    REQUIRE(http_call(port, "GET", "/api/products/" + std::to_string(product)).status == 200);
  REQUIRE(http_call(port, "GET", "/no/such/path").status == 404);
  auto u = create_funded_user(port, s.ledger, "metered buyer", 100'000);
  auto order = create_order_ok(port, u, lines({{option, 2}}));
  pay_ok(port, u, id_of(order));
  auto coupon = http_call(port, "POST", "/admin/coupons",
                          json{{"name", "m"},
                               {"discountType", "AMOUNT"},
                               {"discountValue", 100},
                               {"totalQuantity", 1},
                               {"expiresAt", rfc3339(now_ms() + 3600'000)}}
                              .dump(),
                          server_process::admin_headers());
  REQUIRE(coupon.status == 201);
  const auto issue_path =
      "/api/coupons/" + std::to_string(coupon.json().at("couponId").get<std::int64_t>()) + "/issue";
  REQUIRE(http_call(port, "POST", issue_path, json{{"userId", u.id}}.dump(), bearer(u)).status ==
          201);
  auto other = create_user(port, "too late");
  REQUIRE(http_call(port, "POST", issue_path, json{{"userId", other.id}}.dump(), bearer(other))
              .status == 400);

  const auto after = scrape(port).body;
  require_promtool_ok(after);
  CHECK(value_or_zero(after, detail_ok) - value_or_zero(before, detail_ok) == 5);
  CHECK(value_or_zero(after, unknown) - value_or_zero(before, unknown) == 1);
  CHECK(value_or_zero(after,
                      "shop_http_request_duration_seconds_count{method=\"GET\",route=\"/"
                      "api/products/{productId}\"}") >= 5);
  CHECK(value_or_zero(after,
                      "shop_http_requests_total{method=\"POST\",route=\"/api/orders/"
                      "{orderId}/payment\",status=\"200\"}") == 1);
  // Actors: the product, its option, the users, the order and the campaign are live.
  for (const char* kind : {"product", "option", "user", "order", "coupon"}) {
    INFO(kind);
    CHECK(value_or_zero(after, std::string("shop_actors_live{kind=\"") + kind + "\"}") >= 1);
    CHECK(value_or_zero(after,
                        std::string("shop_actor_activations_total{kind=\"") + kind + "\"}") >= 1);
    CHECK(value_of(after, std::string("shop_actor_mailbox_max_depth{kind=\"") + kind + "\"}"));
    CHECK(
        value_of(after, std::string("shop_actor_mailbox_queued_messages{kind=\"") + kind + "\"}"));
  }
  // Journal: every acknowledged write committed in some batch.
  CHECK(value_or_zero(after, "shop_journal_committed_units_total") >
        value_or_zero(before, "shop_journal_committed_units_total"));
  CHECK(value_or_zero(after, "shop_journal_batch_units_count") >= 1);
  CHECK(value_or_zero(after, "shop_journal_commit_duration_seconds_count") >= 1);
  CHECK(value_of(after, "shop_journal_queue_depth") == 0);
  CHECK(value_of(after, "shop_journal_oldest_unsaved_age_seconds") == 0);
  CHECK(value_of(after, "shop_database_up") == 1);
  // Orders, coupons, the outbox (delivery is off in this server: the paid order waits there).
  CHECK(value_or_zero(after, "shop_order_state_changes_total{state=\"PENDING\"}") == 1);
  CHECK(value_or_zero(after, "shop_order_state_changes_total{state=\"PAID\"}") == 1);
  CHECK(value_or_zero(after, "shop_coupons_issued_total") == 1);
  CHECK(value_or_zero(after, "shop_coupon_campaigns_sold_out_total") == 1);
  CHECK(value_or_zero(after, "shop_coupon_sold_out_refusals_total") == 1);
  CHECK(value_of(after, "shop_outbox_pending") == 1);
  CHECK(value_or_zero(after, "shop_db_errors_total{component=\"journal\",kind=\"unavailable\"}") ==
        0);
}
