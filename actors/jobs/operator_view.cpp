#include "actors/jobs/operator_view.hpp"

#include <caf/all.hpp>
#include <map>
#include <memory>

#include "actors/hosting/entity_lifecycle.hpp"
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
  struct gather {
    operator_gauges out;
    std::map<std::uint8_t, kind_gauge> kinds;
    std::size_t pending = 0;
    caf::response_promise rp;
    void one_done() {
      if (--pending > 0) return;
      for (auto& [k, g] : kinds) out.kinds.push_back(g);
      rp.deliver(std::move(out));
    }
  };
  const auto& ctx = self->state.ctx;
  auto g = std::make_shared<gather>();
  g->rp = std::move(rp);
  g->out.journal_queued = ctx.journal.gate->outstanding.load(std::memory_order_relaxed);
  g->out.journal_capacity = ctx.journal.gate->capacity;
  g->out.database_up = !ctx.journal.gate->db_down.load(std::memory_order_relaxed);
  g->pending = ctx.registry.shards().size() + 1;
  for (const auto& shard : ctx.registry.shards())
    self->request(shard, shard_timeout, probe_atom::value)
        .then(
            [g](std::vector<kind_gauge>& kinds) {
              for (const auto& k : kinds) {
                auto& sum = g->kinds[k.kind];
                sum.kind = k.kind;
                sum.live += k.live;
                sum.queued += k.queued;
                sum.max_depth = std::max(sum.max_depth, k.max_depth);
                sum.unanswered += k.unanswered;
              }
              g->one_done();
            },
            [g](caf::error&) { g->one_done(); });
  self->request(ctx.readers, read_timeout, model::outbox_backlog_atom::value)
      .then(
          [g](model::outbox_backlog& b) {
            g->out.outbox = b;
            g->out.outbox_known = true;
            g->one_done();
          },
          [g](caf::error&) { g->one_done(); });
}

// Adds the committed version of each report's row, read from the database.
void add_versions(view_actor* self, std::vector<entity_report> reports,
                  std::function<void(caf::expected<std::vector<entity_report>>)> done) {
  if (reports.empty()) return done(std::move(reports));
  std::vector<std::int64_t> ids;
  for (const auto& r : reports) ids.push_back(r.key.id);
  auto table = table_of(static_cast<entity_kind>(reports.front().key.kind));
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
        struct gather {
          std::vector<entity_report> reports;
          std::size_t pending = 0;
          caf::error error;
        };
        auto rp = self->make_response_promise();
        auto g = std::make_shared<gather>();
        const auto& shards = self->state.ctx.registry.shards();
        g->pending = shards.size();
        auto one_done = [self, g, rp, limit]() mutable {
          if (--g->pending > 0) return;
          if (g->error) return rp.deliver(g->error), void();
          auto& all = g->reports;
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
        };
        for (const auto& shard : shards)
          self->request(shard, shard_timeout, inspect_live_atom::value, kind, limit)
              .then(
                  [g, one_done](std::vector<entity_report>& part) mutable {
                    for (auto& r : part) g->reports.push_back(std::move(r));
                    one_done();
                  },
                  [g, one_done](caf::error& e) mutable {
                    if (!g->error) g->error = to_shop_error(e);
                    one_done();
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
