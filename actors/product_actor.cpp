#include "actors/product_actor.hpp"

#include "actors/entity_lifecycle.hpp"
#include "actors/rules/catalog.hpp"
#include "persistence/store_reader.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using persistence::option_row;
using persistence::product_row;

struct product_state {
  entity_life life;
  entity_context ctx;
  product_row row;
  std::vector<std::int64_t> option_ids;
  static inline const char* name = "product";
};

using product_actor = caf::stateful_actor<product_state>;

// Asks every option actor for its live row, in parallel, and delivers the assembled view.
void deliver_view(product_actor* self, caf::response_promise rp) {
  auto& st = self->state;
  struct gather {
    product_view view;
    std::size_t missing;
    bool failed = false;
  };
  auto g = std::make_shared<gather>();
  g->view.product = st.row;
  g->view.options.resize(st.option_ids.size());
  g->missing = st.option_ids.size();
  if (g->missing == 0) {
    rp.deliver(std::move(g->view));
    return;
  }
  for (std::size_t i = 0; i < st.option_ids.size(); ++i) {
    auto k = key_of(entity_kind::option, st.option_ids[i]);
    self->request(st.ctx.registry.shard_for(k), st.ctx.call_timeout,
                  entity_registry::routed(k, view_atom::value))
        .then(
            [=](option_row& row) mutable {
              g->view.options[i] = std::move(row);
              if (--g->missing == 0 && !g->failed) rp.deliver(std::move(g->view));
            },
            [=](caf::error& e) mutable {
              if (!g->failed) rp.deliver(to_shop_error(e));
              g->failed = true;
            });
  }
}

caf::behavior running(product_actor* self) {
  return caf::message_handler{
      [=](view_atom) {
        self->state.life.touch();
        auto rp = self->make_response_promise<product_view>();
        deliver_view(self, rp);
        return rp;
      },
      [=](update_atom, const product_changes& c) -> caf::result<product_view> {
        auto& st = self->state;
        st.life.touch();
        rules::product_patch p{c.name ? std::optional{*c.name} : std::nullopt,
                               c.description ? std::optional{*c.description} : std::nullopt,
                               c.category ? std::optional{*c.category} : std::nullopt,
                               c.price ? std::optional{*c.price} : std::nullopt,
                               c.available ? std::optional{*c.available} : std::nullopt};
        auto next = rules::apply_patch(st.row, p);
        auto rp = self->make_response_promise<product_view>();
        if (next.version == st.row.version) {
          deliver_view(self, rp);
          return rp;
        }
        if (!admit_write(st.ctx.journal)) return make_error(shop_error::unavailable);
        st.row = next;
        persist(self, st.life, st.ctx.journal, {{persistence::to_image(st.row)}},
                [=](caf::error err) mutable {
                  if (err)
                    rp.deliver(std::move(err));
                  else
                    deliver_view(self, rp);
                });
        return rp;
      },
      [=](create_atom, const product_draft&) -> caf::result<product_view> {
        return make_error(shop_error::invalid_argument);  // ids are never reused
      },
  }
      .or_else(lifecycle_handlers(self, self->state.life));
}

// A product row and its options land in one unit; the options' actors learn their row after.
caf::result<product_view> create(product_actor* self, product_draft& d) {
  auto& st = self->state;
  if (!admit_write(st.ctx.journal)) return make_error(shop_error::unavailable);
  st.row = d.product;
  st.option_ids.clear();
  persistence::journal_unit unit;
  unit.rows.push_back(persistence::to_image(d.product));
  for (const auto& o : d.options) {
    st.option_ids.push_back(o.id);
    unit.rows.push_back(persistence::to_image(o));
  }
  st.life.ttl = st.ctx.idle_ttl;
  self->become(running(self));
  auto rp = self->make_response_promise<product_view>();
  persist(self, st.life, st.ctx.journal, std::move(unit),
          [=, view = product_view{d.product, d.options}](caf::error err) mutable {
            if (err) {
              rp.deliver(std::move(err));
              return;
            }
            for (const auto& o : view.options) {
              auto k = key_of(entity_kind::option, o.id);
              self->send(self->state.ctx.registry.shard_for(k),
                         entity_registry::routed(k, create_atom::value, o));
            }
            rp.deliver(std::move(view));
          });
  return rp;
}

caf::behavior absent(product_actor* self, caf::error err) {
  self->state.life.ttl = self->state.ctx.absent_ttl;
  return caf::message_handler{
      [=](view_atom) -> caf::result<product_view> { return err; },
      [=](update_atom, const product_changes&) -> caf::result<product_view> { return err; },
      [=](create_atom, product_draft& d) -> caf::result<product_view> {
        if (err != make_error(shop_error::product_not_found)) return err;
        return create(self, d);
      },
  }
      .or_else(lifecycle_handlers(self, self->state.life));
}

caf::behavior product(product_actor* self, std::int64_t id, entity_context ctx, caf::actor shard) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.life.key = key_of(entity_kind::product, id);
  st.life.shard = std::move(shard);
  st.life.ttl = st.ctx.idle_ttl;
  self->request(st.ctx.readers, st.ctx.load_timeout, persistence::load_product_atom::value, id)
      .await(
          [=](caf::optional<persistence::product_record>& rec) {
            if (rec) {
              self->state.row = std::move(rec->row);
              self->state.option_ids = std::move(rec->option_ids);
            } else {
              self->become(absent(self, make_error(shop_error::product_not_found)));
            }
            start_life(self, self->state.life);
          },
          [=](caf::error& e) {
            self->become(absent(self, to_shop_error(e)));
            start_life(self, self->state.life);
          });
  return running(self);
}

}  // namespace

caf::actor spawn_product(caf::local_actor* parent, std::int64_t id, const entity_context& ctx) {
  return parent->spawn(product, id, ctx, caf::actor_cast<caf::actor>(parent));
}

}  // namespace shop
