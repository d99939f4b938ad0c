// X-Request-Id through shop-server as a process: every answer carries one (the client's when it
// is plain, else a new one), error bodies repeat it, and the access-log line names it.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/shop_orders.hpp"
#include "tests/support/shop_users.hpp"
#include "tests/support/wait_until.hpp"

namespace {

using namespace shop::test;

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("every answer carries X-Request-Id, the client's when it is plain", "[e2e][request-id]") {
  order_server s{{{"SHOP_LOG_LEVEL", "info"}}};
  const auto port = s.port();

  auto echoed = http_call(port, "GET", "/health/live", "", {{"X-Request-Id", "client-id-1"}});
  CHECK(echoed.status == 200);
  CHECK(echoed.headers["x-request-id"] == "client-id-1");

  auto made = http_call(port, "GET", "/health/live");
  const auto made_id = made.headers["x-request-id"];
  CHECK_FALSE(made_id.empty());
  auto again = http_call(port, "GET", "/health/live");
  CHECK_FALSE(again.headers["x-request-id"].empty());
  CHECK(again.headers["x-request-id"] != made_id);

  // Not echoed: it could forge a log field or split a header.
  auto forged = http_call(port, "GET", "/health/live", "", {{"X-Request-Id", "a rid=forged"}});
  CHECK(forged.headers["x-request-id"].find("forged") == std::string::npos);
  CHECK_FALSE(forged.headers["x-request-id"].empty());

  // An error body names the same id as its header.
  auto missing = http_call(port, "GET", "/no/such/path", "", {{"X-Request-Id", "client-id-2"}});
  CHECK(missing.status == 404);
  CHECK(missing.headers["x-request-id"] == "client-id-2");
  CHECK(missing.json().at("requestId") == "client-id-2");
  auto refused = http_call(port, "GET", "/admin/cluster");
  CHECK(refused.status == 401);
  CHECK(refused.json().at("requestId") == refused.headers["x-request-id"]);

  // A keyed answer is repeated byte for byte (API.md): its body names no request; each repeat's
  // header has its own id.
  auto u = create_user(port, "keyed", 0);
  auto charge = [&](const std::string& rid) {
    return http_call(port, "POST", user_path(u.id, "/balance/charge"), R"({"amount": 20000000000})",
                     {{"Authorization", "Bearer " + u.token},
                      {"Idempotency-Key", "rid-key"},
                      {"X-Request-Id", rid}});
  };
  auto first = charge("keyed-1");
  auto repeat = charge("keyed-2");
  CHECK(first.status == 400);
  CHECK(first.json().count("requestId") == 0);
  CHECK(repeat.body == first.body);
  CHECK(first.headers["x-request-id"] == "keyed-1");
  CHECK(repeat.headers["x-request-id"] == "keyed-2");

  // The access-log line of a request names its id (the log is flushed every second).
  CHECK(wait_until(
      [&] {
        const auto log = file_text(s.server.log_path());
        return log.find("/health/live 200") != std::string::npos &&
               log.find("rid=client-id-1") != std::string::npos &&
               log.find("rid=" + made_id) != std::string::npos;
      },
      std::chrono::seconds(10)));
}

TEST_CASE("SHOP_LOG_FORMAT=json writes one JSON object per log line", "[e2e][request-id]") {
  order_server s{{{"SHOP_LOG_LEVEL", "info"}, {"SHOP_LOG_FORMAT", "json"}}};
  auto r = http_call(s.port(), "GET", "/health/live", "", {{"X-Request-Id", "json-line-1"}});
  REQUIRE(r.status == 200);
  std::string log;
  REQUIRE(wait_until(
      [&] {
        log = file_text(s.server.log_path());
        return log.find("rid=json-line-1") != std::string::npos;
      },
      std::chrono::seconds(10)));
  std::istringstream lines(log);
  int parsed = 0;
  bool access_line = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("[server_process]", 0) == 0) continue;  // the test harness's own notes
    INFO(line);
    auto j = nlohmann::json::parse(line);  // throws (fails the test) on a line that is not JSON
    CHECK(j.at("level").is_string());
    CHECK(j.at("time").is_string());
    access_line = access_line ||
                  j.at("message").get<std::string>().find("rid=json-line-1") != std::string::npos;
    ++parsed;
  }
  CHECK(parsed >= 2);  // start-up lines, then the access line
  CHECK(access_line);
}
