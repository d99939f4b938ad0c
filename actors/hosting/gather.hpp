// A fan-out's collector: an actor asks several others at once, folds each answer (or error) into
// one value, and acts once when the last is in. The handlers of the requests share it, so it
// lives as long as an answer is outstanding; everything runs in the asking actor.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <utility>

namespace shop {

template <class T>
class gather {
 public:
  // Expects `answers` calls of arrived(); `done(value)` runs after the last one, or at once
  // when no answer is expected.
  static std::shared_ptr<gather> start(std::size_t answers, T init, std::function<void(T&)> done) {
    auto g = std::shared_ptr<gather>(new gather(answers, std::move(init), std::move(done)));
    if (answers == 0) g->done_(g->value);
    return g;
  }

  // Each handler folds its answer into `value`, then calls arrived().
  void arrived() {
    if (--pending_ == 0) done_(value);
  }

  T value;

 private:
  gather(std::size_t answers, T init, std::function<void(T&)> done)
      : value(std::move(init)), pending_(answers), done_(std::move(done)) {}

  std::size_t pending_;
  std::function<void(T&)> done_;
};

}  // namespace shop
