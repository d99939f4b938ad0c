// An actor system with the shop runtime on the real test database, and a blocking way to ask
// an entity something (tests only: production code never blocks on an actor).
#pragma once

#include <caf/all.hpp>
#include <memory>

#include "actors/messages.hpp"
#include "actors/shop_runtime.hpp"
#include "tests/support/test_database.hpp"

namespace shop::test {

struct runtime_fixture {
  explicit runtime_fixture(std::chrono::milliseconds idle_ttl = std::chrono::minutes(5)) {
    reset_database();
    persistence::init_driver();
    runtime_options opts;
    opts.db = test_db_params();
    opts.idle_ttl = idle_ttl;
    rt = start_runtime(sys, opts);
  }
  ~runtime_fixture() {
    if (rt) {
      rt->flush(std::chrono::seconds(30));
      rt->stop();
    }
  }

  // Sends `xs...` to entity `k` and waits for the reply.
  template <class T, class... Ts>
  caf::expected<T> ask(const entity_key& k, Ts&&... xs) {
    caf::scoped_actor self{sys};
    caf::expected<T> out{caf::error{}};
    self->request(rt->ctx.registry.shard_for(k), caf::infinite,
                  entity_registry::routed(k, std::forward<Ts>(xs)...))
        .receive([&](T& x) { out = std::move(x); }, [&](caf::error& e) { out = std::move(e); });
    return out;
  }

  caf::actor_system_config cfg = [] {
    caf::actor_system_config c;
    add_message_types(c);
    return c;
  }();
  caf::actor_system sys{cfg};
  std::unique_ptr<shop_runtime> rt;
};

}  // namespace shop::test
