// When a peer's hello means a connection loss this node did not see.
#include "actors/cluster/peer_losses.hpp"

#include <catch2/catch.hpp>
#include <string>

using shop::cluster::peer_losses;

TEST_CASE("a hello without a loss is no loss", "[cluster][peers]") {
  peer_losses<std::string> b;
  CHECK_FALSE(b.hello("a", false));
}

TEST_CASE("a loss only the peer saw is acted on here, once", "[cluster][peers]") {
  peer_losses<std::string> a, b;
  a.saw_loss("b");  // b was paused: only a dropped the connection
  REQUIRE(a.lost("b"));
  CHECK(b.hello("a", a.lost("b")));
  a.reported("b");
  CHECK_FALSE(a.lost("b"));
  CHECK_FALSE(b.hello("a", a.lost("b")));  // a's next hello (b restarted nothing)
}

TEST_CASE("a loss both sides saw is acted on by neither hello", "[cluster][peers]") {
  peer_losses<std::string> a, b;
  a.saw_loss("b");
  b.saw_loss("a");
  // a reaches b first: b saw the loss itself.
  CHECK_FALSE(b.hello("a", a.lost("b")));
  a.reported("b");
  // b reaches a: b has nothing left to report.
  CHECK_FALSE(b.lost("a"));
  CHECK_FALSE(a.hello("b", b.lost("a")));
}

TEST_CASE("a loss one side saw and told does not hide a later loss only the other side saw",
          "[cluster][peers]") {
  peer_losses<std::string> n0, n1;
  // n0 paused: n1 drops and reaches it again; n0 acts on n1's hello.
  n1.saw_loss("n0");
  CHECK(n0.hello("n1", n1.lost("n0")));
  n1.reported("n0");
  // Then n1 paused: n0 drops and reaches it again; n1 saw nothing this time.
  n0.saw_loss("n1");
  CHECK(n1.hello("n0", n0.lost("n1")));
}

TEST_CASE("losses are kept per peer", "[cluster][peers]") {
  peer_losses<std::string> b;
  b.saw_loss("a");
  CHECK(b.hello("c", true));
  CHECK_FALSE(b.hello("a", true));
}
