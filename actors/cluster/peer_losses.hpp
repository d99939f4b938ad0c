// Which lost connections to a peer each side saw. CAF 0.17 drops a connection on the side that
// misses heartbeats: a node paused longer than the connection timeout may find, on waking, that
// its peer already dropped it and reached it again on a new connection, and see no loss at all.
// What the peer sent it while the peer had no route (a forward's answer, an order's `settled`) is
// gone, and what waits on it here would wait for ever. So a node that reaches a peer says in its
// hello whether it lost the connection since the last hello the peer answered (`lost`); the peer
// acts as on a loss of its own when it saw none. A loss both sides saw is acted on by each side
// alone, once.
#pragma once

#include <map>

namespace shop::cluster {

template <class Peer>
class peer_losses {
 public:
  // This node lost its connection to `peer` (a down notice of its gateway).
  void saw_loss(const Peer& peer) {
    auto& s = of_[peer];
    s.seen = true;
    s.unreported = true;
  }

  // What this node's hello to `peer` says: it lost the connection and has not told `peer` yet.
  bool lost(const Peer& peer) const {
    auto it = of_.find(peer);
    return it != of_.end() && it->second.unreported;
  }

  // `peer` answered a hello that said `lost`: it knows (it saw that loss too, or acted on it).
  void reported(const Peer& peer) { of_[peer] = {}; }

  // A hello from `peer`. True when it says it lost the connection and this node saw no loss:
  // act as on a loss seen here. Either way that loss is now known to both sides.
  bool hello(const Peer& peer, bool lost) {
    if (!lost) return false;
    auto& s = of_[peer];
    const bool unseen = !s.seen;
    s = {};
    return unseen;
  }

 private:
  struct side {
    bool seen = false;        // a loss seen here that the peer has not reported yet
    bool unreported = false;  // a loss seen here not yet told to the peer
  };
  std::map<Peer, side> of_;
};

}  // namespace shop::cluster
