#include "metrics/exposition.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace shop::metrics;

TEST_CASE("a histogram reads cumulative buckets, its count and sum", "[metrics]") {
  histogram h{10, 100, 1000};
  for (std::uint64_t v : {1, 10, 11, 100, 5000}) h.observe(v);
  auto r = h.read();
  CHECK(r.bounds == std::vector<std::uint64_t>{10, 100, 1000});
  CHECK(r.cumulative == std::vector<std::uint64_t>{2, 4, 4, 5});
  CHECK(r.count() == 5);
  CHECK(r.sum == 5122);
}

TEST_CASE("the text format has HELP and TYPE, escaped labels and histogram series", "[metrics]") {
  text_writer w;
  w.family("shop_x_total", "counter", "An example.");
  w.sample("shop_x_total", {{"route", "/a/{id}"}, {"why", "say \"hi\"\\n"}}, std::uint64_t{3});
  histogram h{250, 1000};
  h.observe(100);
  h.observe(2000);
  w.family("shop_y_seconds", "histogram", "Another.");
  w.histogram_samples("shop_y_seconds", {{"route", "/b"}}, h.read(), 1e6);
  auto t = w.text();
  CHECK(t.find("# HELP shop_x_total An example.\n# TYPE shop_x_total counter\n") == 0);
  CHECK(t.find("shop_x_total{route=\"/a/{id}\",why=\"say \\\"hi\\\"\\\\n\"} 3\n") !=
        std::string::npos);
  CHECK(t.find("shop_y_seconds_bucket{route=\"/b\",le=\"0.00025\"} 1\n") != std::string::npos);
  CHECK(t.find("shop_y_seconds_bucket{route=\"/b\",le=\"0.001\"} 1\n") != std::string::npos);
  CHECK(t.find("shop_y_seconds_bucket{route=\"/b\",le=\"+Inf\"} 2\n") != std::string::npos);
  CHECK(t.find("shop_y_seconds_sum{route=\"/b\"} 0.0021\n") != std::string::npos);
  CHECK(t.find("shop_y_seconds_count{route=\"/b\"} 2\n") != std::string::npos);
}

TEST_CASE("a route's slot is registered once and counts by status", "[metrics]") {
  shop_metrics m;
  auto& a = m.route("GET", "/x/{id}");
  CHECK(&m.route("GET", "/x/{id}") == &a);
  CHECK(&m.route("POST", "/x/{id}") != &a);
  a.observe(200, 120);
  a.observe(200, 90);
  a.observe(404, 50);
  text_writer w;
  write_counters(w, m);
  const auto& t = w.text();
  CHECK(t.find("shop_http_requests_total{method=\"GET\",route=\"/x/{id}\",status=\"200\"} 2\n") !=
        std::string::npos);
  CHECK(t.find("shop_http_requests_total{method=\"GET\",route=\"/x/{id}\",status=\"404\"} 1\n") !=
        std::string::npos);
  CHECK(t.find("shop_http_request_duration_seconds_count{method=\"GET\",route=\"/x/{id}\"} 3\n") !=
        std::string::npos);
  // A route never called has no series.
  CHECK(t.find("method=\"POST\"") == std::string::npos);
}

TEST_CASE("orders are counted by the state they move to", "[metrics]") {
  shop_metrics m;
  m.order_state_changed("PENDING");
  m.order_state_changed("PAID");
  m.order_state_changed("PAID");
  m.order_state_changed("UNKNOWN");
  CHECK(m.order_state_changes[0].value() == 1);
  CHECK(m.order_state_changes[1].value() == 2);
  CHECK(m.order_state_changes[2].value() == 0);
}
