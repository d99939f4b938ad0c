// The shop's operations sit between whatever speaks a protocol (the HTTP handlers, or a node
// forwarding a request) and the actors, so they know no protocol. This is what they reach the
// actors through: the actors of one runtime and the bridge that makes requests for non-actor
// callers. Each operation answers once, through its callback, on an actor thread (which must not
// block).
#pragma once

#include <chrono>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "actors/hosting/ask.hpp"
#include "actors/messages.hpp"
#include "actors/shop_runtime.hpp"
#include "model/row_image.hpp"

namespace shop::service {

template <class T>
using callback = reply_fn<T>;

class shop_service {
 public:
  explicit shop_service(shop_runtime& rt) : rt_(&rt) {}

  // Asks entity `id` of interface Iface (user_actor, order_actor, ...) through the registry. Only
  // a message Iface lists can be asked (else there is no such ask_entity), and `done` takes what
  // it answers. No timer: an entity always answers (loads have their own timeout), and a timer per
  // call costs.
  template <class Iface, class... Ts>
  auto ask_entity(std::int64_t id, callback<reply_of_t<Iface, Ts...>> done, Ts&&... xs) const
      -> std::enable_if_t<accepts_v<Iface, Ts...>> {
    rt_->bridge.ask_entity<Iface>(rt_->ctx.registry, id, caf::infinite, std::move(done),
                                  std::forward<Ts>(xs)...);
  }

  // Asks the reader pool (persistence/store_reader.hpp) for (xs...), which it must answer.
  template <class Timeout, class... Ts>
  void read(Timeout timeout, callback<reply_of_t<persistence::reader_pool, Ts...>> done,
            Ts&&... xs) const {
    rt_->bridge.request(rt_->ctx.readers, timeout, std::move(done), std::forward<Ts>(xs)...);
  }

  // Asks one of the runtime's own actors (sweeper, popularity batch, operator view).
  template <class Reply, class Timeout>
  void ask(const caf::actor& dest, Timeout timeout, caf::message msg, callback<Reply> done) const {
    rt_->bridge.ask<Reply>(dest, timeout, std::move(msg), std::move(done));
  }

  // The first of `n` new ids of table `t` (they are consecutive).
  void next_ids(model::table_id t, std::int64_t n, callback<std::int64_t> done) const;

  // Gives `row` a new id of table `t` and has entity `that id` of interface Iface create it: the
  // row as committed.
  template <class Iface, class Row>
  void create_entity(model::table_id t, Row row, callback<Row> done) const {
    next_ids(t, 1,
             [s = *this, row = std::move(row),
              done = std::move(done)](caf::expected<std::int64_t> id) mutable {
               if (!id) return done(id.error());
               row.id = *id;
               auto entity = row.id;
               s.ask_entity<Iface>(entity, std::move(done), create_atom::value, std::move(row));
             });
  }

  const shop_runtime& runtime() const { return *rt_; }

  // Calls that may wait on the database (catalog queries, ids).
  std::chrono::milliseconds read_timeout{10000};

 private:
  shop_runtime* rt_;
};

}  // namespace shop::service
