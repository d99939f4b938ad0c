// Starting and stopping the HTTP front end against a real server on 127.0.0.1: wait_idle,
// stop_accepting, the graceful drain and stop().

#include "http/http_server.hpp"
#include "tests/http/http_test_client.hpp"

using namespace shop::test::http_support;

TEST_CASE("wait_idle waits for in-flight requests", "[http]") {
  std::mutex mu;
  respond_fn pending;
  std::promise<void> dispatched;
  http_server srv("127.0.0.1", 0, test_limits(), [&](shop::http::request&&, respond_fn respond) {
    std::lock_guard<std::mutex> lk(mu);
    pending = std::move(respond);
    dispatched.set_value();
  });
  srv.start();
  CHECK(srv.wait_idle(10ms));  // nothing in flight yet

  auto client = std::async(std::launch::async, [port = srv.port()] {
    test_client c(port);
    if (c.send(make_request(bhttp::verb::get, "/slow"))) return 0u;
    client_response res;
    if (c.read(res)) return 0u;
    return res.result_int();
  });
  REQUIRE(dispatched.get_future().wait_for(5s) == std::future_status::ready);
  CHECK_FALSE(srv.wait_idle(100ms));  // dispatched, not answered

  std::thread late([&] {
    std::this_thread::sleep_for(200ms);
    std::lock_guard<std::mutex> lk(mu);
    shop::http::response res{bhttp::status::ok, 11};
    res.body() = "done";
    pending(std::move(res));
  });
  CHECK(srv.wait_idle(5s));
  late.join();
  CHECK(client.get() == 200);
}

TEST_CASE("stop_accepting refuses new connections but keeps serving open ones", "[http]") {
  http_server srv("127.0.0.1", 0, test_limits(), echo_dispatch());
  srv.start();
  test_client open(srv.port());
  CHECK(open.roundtrip(make_request(bhttp::verb::get, "/before")).result() == bhttp::status::ok);

  srv.stop_accepting();
  test_client refused(srv.port(), std::nothrow);
  CHECK(refused.connect_error());
  CHECK(open.roundtrip(make_request(bhttp::verb::get, "/after")).result() == bhttp::status::ok);
}

TEST_CASE("drain answers what was dispatched, refuses what is read later, closes idle connections",
          "[http]") {
  std::mutex mu;
  respond_fn pending;
  std::promise<void> held;
  std::atomic<int> dispatched_after_hold{0};
  auto limits = test_limits();
  limits.drain_idle_grace = 300ms;
  http_server srv("127.0.0.1", 0, limits, [&](shop::http::request&& req, respond_fn respond) {
    if (req.target() == "/hold") {
      std::lock_guard<std::mutex> lk(mu);
      pending = std::move(respond);
      held.set_value();
      return;
    }
    ++dispatched_after_hold;
    respond(shop::http::response{bhttp::status::ok, 11});
  });
  srv.start();

  test_client busy(srv.port());  // its request is dispatched before the drain
  REQUIRE_FALSE(busy.send(make_request(bhttp::verb::get, "/hold")));
  REQUIRE(held.get_future().wait_for(5s) == std::future_status::ready);
  test_client late(srv.port());  // keep-alive, sends its next request after the drain began
  CHECK(late.roundtrip(make_request(bhttp::verb::get, "/before")).result() == bhttp::status::ok);
  test_client idle(srv.port());  // sends nothing
  const int before = dispatched_after_hold.load();

  auto drained = std::async(std::launch::async, [&] { return srv.drain(10s); });
  // The drain closes the acceptor after it marks the server draining: a refused connect says it
  // has begun.
  for (int i = 0; i < 500; ++i) {
    test_client probe(srv.port(), std::nothrow);
    if (probe.connect_error()) break;
    std::this_thread::sleep_for(2ms);
  }
  const auto refused = late.roundtrip(make_request(bhttp::verb::post, "/after", "{}"));
  CHECK(refused.result() == bhttp::status::service_unavailable);
  CHECK(refused[bhttp::field::retry_after] == "1");
  CHECK_FALSE(refused.keep_alive());
  CHECK(nlohmann::json::parse(refused.body()).at("code") == "SERVICE_UNAVAILABLE");
  CHECK(dispatched_after_hold.load() == before);  // refused before it reached the dispatcher

  CHECK(is_closed_error(idle.wait_closed(5s)));  // after the grace, without a request
  CHECK(drained.wait_for(100ms) == std::future_status::timeout);  // `busy` still awaits its answer
  {
    std::lock_guard<std::mutex> lk(mu);
    pending(shop::http::response{bhttp::status::ok, 11});
    pending = nullptr;  // it holds the session, as a route layer's copy would until it returns
  }
  client_response answer;
  REQUIRE_FALSE(busy.read(answer));
  CHECK(answer.result() == bhttp::status::ok);
  CHECK_FALSE(answer.keep_alive());
  CHECK(is_closed_error(busy.wait_closed(5s)));
  CHECK(is_closed_error(late.wait_closed(5s)));
  CHECK(drained.get());
  CHECK(srv.open_connections() == 0);
}

TEST_CASE("stop() returns with open connections and a request in flight", "[http]") {
  std::mutex mu;
  respond_fn pending;
  std::promise<void> dispatched;
  auto srv = std::make_unique<http_server>("127.0.0.1", 0, test_limits(),
                                           [&](shop::http::request&& req, respond_fn respond) {
                                             if (req.target() == "/hold") {
                                               std::lock_guard<std::mutex> lk(mu);
                                               pending = std::move(respond);
                                               dispatched.set_value();
                                               return;
                                             }
                                             respond(shop::http::response{bhttp::status::ok, 11});
                                           });
  srv->start();

  test_client idle(srv->port());  // keep-alive connection waiting for its next request
  CHECK(idle.roundtrip(make_request(bhttp::verb::get, "/quick")).result() == bhttp::status::ok);
  test_client busy(srv->port());
  REQUIRE_FALSE(busy.send(make_request(bhttp::verb::get, "/hold")));
  REQUIRE(dispatched.get_future().wait_for(5s) == std::future_status::ready);
  CHECK(srv->open_connections() == 2);

  auto stopped = std::async(std::launch::async, [&] { srv->stop(); });
  if (stopped.wait_for(10s) != std::future_status::ready) {
    (void)srv.release();  // hung: leak rather than hang again in the destructor
    FAIL("stop() did not return");
  }
  stopped.get();
  CHECK(is_closed_error(idle.wait_closed()));
  CHECK(is_closed_error(busy.wait_closed()));

  // A completion arriving after stop() is dropped harmlessly, from another thread too.
  std::thread([&] {
    std::lock_guard<std::mutex> lk(mu);
    pending(shop::http::response{bhttp::status::ok, 11});
    pending = nullptr;
  }).join();
  srv->stop();  // idempotent
  srv.reset();
}

TEST_CASE("start() reports a port that cannot be bound", "[http]") {
  http_server first("127.0.0.1", 0, test_limits(), echo_dispatch());
  first.start();
  http_server second("127.0.0.1", first.port(), test_limits(), echo_dispatch());
  try {
    second.start();
    FAIL("start() on a busy port did not throw");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(),
               Catch::Contains("cannot bind") && Catch::Contains(std::to_string(first.port())));
  }
}

TEST_CASE("drain returns while connections come and go, whoever drops a session last",
          "[http][drain]") {
  // The drain walks the open sessions under the registry's lock. A connection that ends at that
  // moment may leave the drain holding its session's last reference, whose destructor takes the
  // same lock: it must run after the lock is released, or the drain (and SIGTERM) hangs.
  auto limits = test_limits();
  limits.io_threads = 2;
  limits.drain_idle_grace = 1ms;
  const auto until = std::chrono::steady_clock::now() + 4s;
  int rounds = 0;
  while (std::chrono::steady_clock::now() < until) {
    ++rounds;
    auto srv = std::make_unique<http_server>("127.0.0.1", 0, limits, echo_dispatch());
    srv->start();
    // Connections that close one after the other while the drain walks them.
    std::vector<std::unique_ptr<test_client>> clients;
    for (int i = 0; i < 200; ++i) clients.push_back(std::make_unique<test_client>(srv->port()));
    while (srv->open_connections() < clients.size()) std::this_thread::yield();
    std::thread closer([&] {
      for (auto& c : clients) c.reset();
    });
    // A thread of its own, detached if it hangs (a std::async future would wait for it).
    auto result = std::make_shared<std::promise<bool>>();
    auto drained = result->get_future();
    std::thread([result, raw = srv.get()] { result->set_value(raw->drain(5s)); }).detach();
    const bool returned = drained.wait_for(10s) == std::future_status::ready;
    closer.join();
    if (!returned) {
      (void)srv.release();  // hung: leak rather than hang again in the destructor
      FAIL("drain() did not return in round " << rounds);
    }
    CHECK(drained.get());
  }
  INFO("rounds: " << rounds);
  CHECK(rounds > 1);
}
