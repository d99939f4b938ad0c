// Start-up with bad settings: one clear line on stderr and exit code 2, before anything listens.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

namespace {

struct outcome {
  int exit_code = -1;
  std::string stderr_text;
};

// Runs shop-server with only the given environment (no inherited SHOP_* settings).
outcome run_server(const std::string& env, const std::string& args = "") {
  std::string cmd = "env -i " + env + " " + SHOP_SERVER_BIN + " " + args + " 2>&1 >/dev/null";
  outcome out;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) out.stderr_text += buf.data();
  int status = pclose(p);
  if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
  return out;
}

}  // namespace

TEST_CASE("Bad or missing settings stop start-up with one line and exit code 2", "[e2e][config]") {
  SECTION("missing JWT secret in jwt mode") {
    auto r = run_server("SHOP_HTTP_PORT=0");
    CHECK(r.exit_code == 2);
    CHECK(r.stderr_text.find("SHOP_JWT_SECRET") != std::string::npos);
    CHECK(std::count(r.stderr_text.begin(), r.stderr_text.end(), '\n') == 1);
  }
  SECTION("a port that is not a number") {
    auto r = run_server("SHOP_JWT_SECRET=x SHOP_HTTP_PORT=http");
    CHECK(r.exit_code == 2);
    CHECK(r.stderr_text.find("SHOP_HTTP_PORT") != std::string::npos);
  }
  SECTION("a log format that is neither text nor json") {
    auto r = run_server("SHOP_JWT_SECRET=x SHOP_LOG_FORMAT=xml");
    CHECK(r.exit_code == 2);
    CHECK(r.stderr_text.find("SHOP_LOG_FORMAT") != std::string::npos);
  }
  SECTION("an unreadable config file") {
    auto r = run_server("SHOP_JWT_SECRET=x", "--config /nonexistent/shop.conf");
    CHECK(r.exit_code == 2);
    CHECK(r.stderr_text.find("/nonexistent/shop.conf") != std::string::npos);
  }
}
