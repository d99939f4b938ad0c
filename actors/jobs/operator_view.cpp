#include "actors/jobs/operator_view.hpp"

#include <caf/all.hpp>
#include <map>
#include <memory>

#include "actors/hosting/entity_lifecycle.hpp"
#include "actors/hosting/gather.hpp"
#include "model/reader_protocol.hpp"

namespace shop {
namespace {

constexpr auto shard_timeout = std::chrono::seconds(5);  // above the shards' own 2 s per entity
constexpr auto read_timeout = std::chrono::seconds(5);

struct view_state {
  entity_context ctx;
  static inline const char* name = "operator_view";
};

using view_actor = caf::stateful_actor<view_state>;

void probe(view_actor* self, caf::response_promise rp) {
  struct gauges {
    operator_gauges out;
    std::map<std::uint8_t, kind_gauge> kinds;
  };
  const auto& ctx = self->state.ctx;
  gauges init;
  init.out.journal_queued = ctx.journal.gate->outstanding.load(std::memory_order_relaxed);
  init.out.journal_capacity = ctx.journal.gate->capacity;
  init.out.journal_oldest_pending_ms =
      ctx.journal.gate->oldest_pending_ms.load(std::memory_order_relaxed);
  init.out.database_up = !ctx.journal.gate->db_down.load(std::memory_order_relaxed);
  auto g = gather<gauges>::start(ctx.registry.shards().size() + 1, std::move(init),
                                 [rp](gauges& all) mutable {
                                   for (auto& [k, kg] : all.kinds) all.out.kinds.push_back(kg);
                                   rp.deliver(std::move(all.out));
                                 });
  for (const auto& shard : ctx.registry.shards())
    self->request(shard, shard_timeout, probe_atom::value)
        .then(
            [g](std::vector<kind_gauge>& kinds) {
              for (const auto& k : kinds) {
                auto& sum = g->value.kinds[k.kind];
                sum.kind = k.kind;
                sum.live += k.live;
                sum.queued += k.queued;
                sum.max_depth = std::max(sum.max_depth, k.max_depth);
                sum.unanswered += k.unanswered;
              }
              g->arrived();
            },
            [g](caf::error&) { g->arrived(); });
  self->request(ctx.readers, read_timeout, model::outbox_backlog_atom::value)
      .then(
          [g](model::outbox_backlog& b) {
            g->value.out.outbox = b;
            g->value.out.outbox_known = true;
            g->arrived();
          },
          [g](caf::error&) { g->arrived(); });
}

// Adds the committed version of each report's row, read from the database.
void add_versions(view_actor* self, std::vector<entity_report> reports,
                  std::function<void(caf::expected<std::vector<entity_report>>)> done) {
  if (reports.empty()) return done(std::move(reports));
  std::vector<std::int64_t> ids;
  for (const auto& r : reports) ids.push_back(r.key.id);
  auto table = table_of(reports.front().key.kind);
  self->request(self->state.ctx.readers, read_timeout, model::row_versions_atom::value, table,
                std::move(ids))
      .then(
          [reports, done](std::vector<std::int64_t>& versions) mutable {
            for (std::size_t i = 0; i < reports.size() && i < versions.size(); ++i)
              reports[i].persisted_version = versions[i];
            done(std::move(reports));
          },
          [done](caf::error& e) { done(to_shop_error(e)); });
}

caf::behavior operator_view(view_actor* self, entity_context ctx) {
  self->state.ctx = std::move(ctx);
  return {
      [=](probe_atom) {
        auto rp = self->make_response_promise();
        probe(self, rp);
        return rp;
      },
      [=](inspect_live_atom, std::uint8_t kind, std::int64_t limit) {
        struct reports {
          std::vector<entity_report> all;
          caf::error error;  // the first failure
        };
        auto rp = self->make_response_promise();
        const auto& shards = self->state.ctx.registry.shards();
        auto g = gather<reports>::start(shards.size(), {}, [self, rp, limit](reports& r) mutable {
          if (r.error) return rp.deliver(r.error), void();
          auto& all = r.all;
          std::sort(all.begin(), all.end(), [](const entity_report& a, const entity_report& b) {
            return a.key.id < b.key.id;
          });
          if (all.size() > static_cast<std::size_t>(limit)) all.resize(limit);
          add_versions(self, std::move(all),
                       [rp](caf::expected<std::vector<entity_report>> r) mutable {
                         if (r)
                           rp.deliver(std::move(*r));
                         else
                           rp.deliver(r.error());
                       });
        });
        for (const auto& shard : shards)
          self->request(shard, shard_timeout, inspect_live_atom::value,
                        static_cast<entity_kind>(kind), limit)
              .then(
                  [g](std::vector<entity_report>& part) {
                    for (auto& r : part) g->value.all.push_back(std::move(r));
                    g->arrived();
                  },
                  [g](caf::error& e) {
                    if (!g->value.error) g->value.error = to_shop_error(e);
                    g->arrived();
                  });
        return rp;
      },
      [=](inspect_atom, const entity_key& k, bool activate) {
        auto rp = self->make_response_promise();
        const auto& reg = self->state.ctx.registry;
        auto msg = activate ? entity_registry::routed(k, inspect_atom::value)
                            : caf::make_message(ask_if_live_atom::value, k,
                                                caf::make_message(inspect_atom::value));
        self->request(reg.shard_for(k), caf::infinite, std::move(msg))
            .then(
                [self, rp](entity_report& r) mutable {
                  add_versions(self, {std::move(r)},
                               [rp](caf::expected<std::vector<entity_report>> all) mutable {
                                 if (all)
                                   rp.deliver(std::move(all->front()));
                                 else
                                   rp.deliver(all.error());
                               });
                },
                [rp](caf::error& e) mutable { rp.deliver(to_shop_error(e)); });
        return rp;
      },
  };
}

}  // namespace

caf::actor spawn_operator_view(caf::actor_system& sys, const entity_context& ctx) {
  return sys.spawn(operator_view, ctx);
}

}  // namespace shop
