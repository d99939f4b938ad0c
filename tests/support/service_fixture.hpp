// The shop's operations over a runtime on the real test database, and a blocking way to call
// one (tests only: production code never waits on an answer).
#pragma once

#include <future>

#include "service/catalog.hpp"
#include "service/shop_service.hpp"
#include "service/users.hpp"
#include "tests/support/runtime_fixture.hpp"

namespace shop::test {

struct service_fixture : runtime_fixture {
  using runtime_fixture::runtime_fixture;

  // Calls `op(callback)` and waits for the answer it gives the callback.
  template <class T, class Op>
  caf::expected<T> call(Op&& op) {
    auto answer = std::make_shared<std::promise<caf::expected<T>>>();
    auto got = answer->get_future();
    op(service::callback<T>{[answer](caf::expected<T> x) { answer->set_value(std::move(x)); }});
    return got.get();
  }

  service::shop_service shop() { return service::shop_service{*rt}; }

  // A new user with `balance` won, through the operation operators use.
  model::user_row new_user(std::int64_t balance) {
    auto u = call<model::user_row>(
        [&](auto done) { service::create_user(shop(), "kim", balance, done); });
    if (!u) throw std::runtime_error("new_user: " + to_string(u.error()));
    return *u;
  }

  // A new product at 39,000 won with options M (+0) and L (+1,000), `stock` units each.
  product_view new_shirt(std::int64_t stock) {
    product_draft d{{0, "Linen shirt", "soft", "apparel", 39000, true, 0, 1},
                    {{0, 0, "M", 0, stock, 0, 1}, {0, 0, "L", 1000, stock, 0, 1}}};
    auto p = call<product_view>([&](auto done) { service::create_product(shop(), d, done); });
    if (!p) throw std::runtime_error("new_shirt: " + to_string(p.error()));
    return *p;
  }
};

}  // namespace shop::test
