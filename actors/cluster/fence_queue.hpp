// Who waits for a peer node to be fenced, and which fence answers them (membership_actor.cpp,
// fence_peer). A fence covers only what the peer had queued before it ran, so an asker is answered
// by a fence begun after it asked, never by one already running; askers that come together share
// one fence. Plain bookkeeping, no CAF: tests/actors/cluster/fence_queue_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace shop::cluster {

template <class Waiter>
class fence_queue {
 public:
  // `w` waits for the first fence begun from now on.
  void ask(Waiter w) { waiting_.emplace_back(begun_ + 1, std::move(w)); }

  // The number of the fence to run now: someone waits and none runs.
  std::optional<std::uint64_t> begin() {
    if (running_ || waiting_.empty()) return std::nullopt;
    running_ = true;
    return ++begun_;
  }

  // Fence `n` committed: the waiters it answers (the others wait for the next one).
  std::vector<Waiter> done(std::uint64_t n) {
    running_ = false;
    std::vector<Waiter> answered;
    std::vector<std::pair<std::uint64_t, Waiter>> still;
    for (auto& [need, w] : waiting_) {
      if (need <= n)
        answered.push_back(std::move(w));
      else
        still.emplace_back(need, std::move(w));
    }
    waiting_ = std::move(still);
    return answered;
  }

  // The fence did not commit (the database away): it answers nobody; the next one will.
  void failed() { running_ = false; }

  bool waiting() const { return !waiting_.empty(); }

 private:
  std::uint64_t begun_ = 0;
  bool running_ = false;
  std::vector<std::pair<std::uint64_t, Waiter>> waiting_;  // the first fence that answers it
};

}  // namespace shop::cluster
