// The operator dashboard in a real browser: Debian's headless Chromium loads GET /admin/dashboard
// from shop-server and the test reads the DOM it ends with (--dump-dom, after a few seconds of
// virtual time, so several refreshes have run). Without the token the page shows and fetches
// nothing; with it the charts have points, the live-actor table lists the actor just touched,
// the lookup shows a wallet's live balance, and nothing went wrong on the page.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "tests/support/shop_orders.hpp"
#include "tests/support/shop_users.hpp"

namespace {

using namespace shop::test;

struct page {
  std::string dom;
  std::string log;  // Chromium's stderr: console messages and its own errors
  int exit_code = -1;
};

// Loads `url` in headless Chromium with a fresh profile and `budget_ms` of virtual time (timers
// run fast; network requests are waited for), then returns the DOM as it is.
page load_page(const std::string& url, int budget_ms) {
  char profile[] = "/tmp/shop-chromium-XXXXXX";
  REQUIRE(mkdtemp(profile) != nullptr);
  const std::string log_path = std::string(profile) + ".log";
  // As root Chromium needs --no-sandbox; the background-networking flags keep it from calling
  // out (this machine reaches no other host).
  const std::string cmd =
      std::string(
          "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
          "--disable-background-networking --disable-component-update --disable-sync "
          "--disable-default-apps --disable-extensions --mute-audio "
          "--enable-logging=stderr --v=0 --user-data-dir=") +
      profile + " --window-size=1440,1000 --virtual-time-budget=" + std::to_string(budget_ms) +
      " --dump-dom '" + url + "' 2>" + log_path;
  page out;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.dom.append(buf.data(), n);
  const int status = pclose(p);
  if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
  std::ifstream in(log_path);
  std::stringstream ss;
  ss << in.rdbuf();
  out.log = ss.str();
  std::remove(log_path.c_str());
  std::system(("rm -rf '" + std::string(profile) + "'").c_str());
  return out;
}

// The attribute `attr` of the element with id `id` in `dom` ("" when absent).
std::string attribute_of(const std::string& dom, const std::string& id, const std::string& attr) {
  std::smatch m;
  const std::regex element("<[^>]*\\bid=\"" + id + "\"[^>]*>");
  if (!std::regex_search(dom, m, element)) return "";
  const std::string tag = m.str();
  std::smatch a;
  if (!std::regex_search(tag, a, std::regex("\\b" + attr + "=\"([^\"]*)\""))) return "";
  return a.str(1);
}

// The text of the element with id `id` when it holds only text.
std::string text_of(const std::string& dom, const std::string& id) {
  std::smatch m;
  if (!std::regex_search(dom, m, std::regex("id=\"" + id + "\"[^>]*>([^<]*)<"))) return "";
  return m.str(1);
}

// The page's console output, from Chromium's log (it logs every console message, whatever its
// level, as "INFO:CONSOLE(line)", uncaught errors included). The page writes nothing there: any
// line is a problem.
std::string console_lines(const std::string& log) {
  std::istringstream in(log);
  std::string out;
  for (std::string line; std::getline(in, line);)
    if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos)
      out += line + "\n";
  return out;
}

// Requests answered on `route`, from GET /metrics.
double requests_on(unsigned short port, const std::string& route) {
  auto r = http_call(port, "GET", "/metrics");
  REQUIRE(r.status == 200);
  std::istringstream in(r.body);
  double total = 0;
  const std::string needle = "route=\"" + route + "\"";
  for (std::string line; std::getline(in, line);)
    if (line.rfind("shop_http_requests_total{", 0) == 0 && line.find(needle) != std::string::npos)
      total += std::stod(line.substr(line.rfind(' ') + 1));
  return total;
}

}  // namespace

TEST_CASE("the dashboard shows nothing without the admin token", "[e2e][dashboard]") {
  order_server s;
  const auto port = s.port();
  const auto base = "http://127.0.0.1:" + std::to_string(port);
  auto u = create_user(port, "unseen", 12'345);
  const double actor_calls = requests_on(port, "/admin/actors");
  const double cluster_calls = requests_on(port, "/admin/cluster");

  auto p = load_page(base + "/admin/dashboard", 8000);
  INFO(p.log);
  CHECK(console_lines(p.log).empty());
  REQUIRE(p.exit_code == 0);
  CHECK(p.dom.find("id=\"login-form\"") != std::string::npos);
  CHECK(p.dom.find("<section id=\"dashboard\" hidden") != std::string::npos);
  CHECK(attribute_of(p.dom, "rate-chart", "data-points") == "0");
  CHECK(p.dom.find("user/" + std::to_string(u.id)) == std::string::npos);
  CHECK(p.dom.find("12345") == std::string::npos);
  // Not a single data call was made.
  CHECK(requests_on(port, "/admin/actors") == actor_calls);
  CHECK(requests_on(port, "/admin/cluster") == cluster_calls);
  CHECK(text_of(p.dom, "errors").empty());
}

TEST_CASE("with the admin token the dashboard charts, lists and looks up live actors",
          "[e2e][dashboard]") {
  order_server s;
  const auto port = s.port();
  const auto base = "http://127.0.0.1:" + std::to_string(port);
  auto u = create_user(port, "watched", 0);
  auto charged = http_call(port, "POST", user_path(u.id, "/balance/charge"), R"({"amount": 54321})",
                           bearer(u));
  REQUIRE(charged.status == 200);
  for (int i = 0; i < 5; ++i) REQUIRE(http_call(port, "GET", "/api/products").status == 200);

  // The token and a lookup in the fragment: the page moves the token to sessionStorage.
  auto p = load_page(base + "/admin/dashboard#token=" + std::string{server_process::admin_token()} +
                         "&lookup=wallet/" + std::to_string(u.id),
                     15000);
  INFO(p.log);
  REQUIRE(p.exit_code == 0);
  CHECK(p.dom.find("<section id=\"dashboard\" hidden") == std::string::npos);
  CHECK(p.dom.find("<section id=\"login\" class=\"card\" hidden") != std::string::npos);

  // Several refreshes ran: the request-rate and latency charts have points.
  const auto rate_points = attribute_of(p.dom, "rate-chart", "data-points");
  INFO("rate chart points: " << rate_points);
  CHECK(std::stoi(rate_points.empty() ? "0" : rate_points) >= 2);
  const auto latency_points = attribute_of(p.dom, "latency-chart", "data-points");
  CHECK(std::stoi(latency_points.empty() ? "0" : latency_points) >= 2);

  // The user actor the charge touched is in the live-actor table.
  CHECK(p.dom.find("<tr data-key=\"user/" + std::to_string(u.id) + "\">") != std::string::npos);
  // The lookup shows the wallet's live balance and the node that owns it.
  CHECK(p.dom.find("<tr data-field=\"balance\"><th>balance</th><td>54321</td></tr>") !=
        std::string::npos);
  CHECK(text_of(p.dom, "lookup-summary").find("user/" + std::to_string(u.id)) != std::string::npos);
  // This node appears in the cluster table, up.
  CHECK(p.dom.find("<td class=\"UP\">UP</td>") != std::string::npos);
  // The journal and actor numbers are filled in.
  CHECK(text_of(p.dom, "journal-depth") == "0");
  CHECK(text_of(p.dom, "database-up") == "up");

  // Nothing went wrong on the page or in its console.
  CHECK(text_of(p.dom, "errors").empty());
  CHECK(console_lines(p.log).empty());
}
