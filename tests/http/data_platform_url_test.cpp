// The data platform's URL as the app reads it at start-up.
#include "http/data_platform_url.hpp"

#include <catch2/catch.hpp>

using namespace shop;

TEST_CASE("data platform urls: http only, host required, port optional", "[http][delivery]") {
  using http::data_platform_endpoint;
  auto ok = [](const std::string& url) {
    auto r = http::parse_data_platform_url(url);
    INFO(url << ": " << (std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : ""));
    REQUIRE(std::holds_alternative<data_platform_endpoint>(r));
    return std::get<data_platform_endpoint>(r);
  };
  auto e = ok("http://dp.example:8081/ingest/orders");
  CHECK(e.host == "dp.example");
  CHECK(e.port == 8081);
  CHECK(e.target == "/ingest/orders");
  e = ok("HTTP://10.0.0.5");
  CHECK(e.host == "10.0.0.5");
  CHECK(e.port == 80);
  CHECK(e.target == "/");
  e = ok("http://[::1]:9000/x");
  CHECK(e.host == "::1");
  CHECK(e.port == 9000);

  for (const char* bad :
       {"https://dp.example/orders", "ftp://dp.example", "dp.example/orders", "http://",
        "http://:8080/x", "http://host:0/", "http://host:70000/", "http://host:80x/",
        "http://host:/", "http://user:pw@host/", "http://[::1/", "http://host/a b"}) {
    INFO(bad);
    auto r = http::parse_data_platform_url(bad);
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r).find(bad) != std::string::npos);  // names the url
  }
  CHECK(std::get<std::string>(http::parse_data_platform_url("https://x/")).find("https") !=
        std::string::npos);
}

TEST_CASE("data platform urls: a host or path with a space, control or non-ASCII byte is refused",
          "[http][delivery]") {
  // Each would go into the delivery's request line or Host header as it is: a CR LF there starts
  // a header of the URL's choosing.
  for (const std::string bad :
       {std::string{"http://dp.example\r\nX-Injected: 1/orders"}, std::string{"http://dp ex/"},
        std::string{"http://d\x01p.example/"}, std::string{"http://\xc9\xff\xffs/"},
        std::string{"http://[::1\r\n]:9000/"}, std::string{"http://dp.example/a\x7f"},
        std::string{"http://dp.example/caf\xc3\xa9"}, std::string{"http://dp.example/a\x0bb"}}) {
    INFO(bad);
    auto r = http::parse_data_platform_url(bad);
    REQUIRE(std::holds_alternative<std::string>(r));
    // One line, whatever the url holds.
    CHECK(std::get<std::string>(r).find_first_of("\r\n") == std::string::npos);
  }
}
