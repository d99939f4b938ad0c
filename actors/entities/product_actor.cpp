#include "actors/entities/product_actor.hpp"

#include <algorithm>
#include <optional>

#include "actors/entities/product_option_actor.hpp"
#include "actors/hosting/entity_lifecycle.hpp"
#include "actors/hosting/entity_spawn.hpp"
#include "actors/rules/catalog.hpp"
#include "model/reader_protocol.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using model::option_row;
using model::product_row;

struct product_state {
  entity_life life;
  shared_context ctx;
  product_row row;
  // The options' live rows as their actors last reported them (asked once at activation, then
  // pushed on every change), so a view is answered without asking every option each time, and
  // which activation of each reported last (none until its first answer or report).
  std::vector<option_row> options;
  std::vector<std::optional<option_incarnation>> reporters;
  static inline const char* name = "product";
};

using product_self = product_actor::stateful_pointer<product_state>;

// An option whose row could not be read at activation (version -1, see load_options) is not
// shown until its actor reports it.
bool known(const option_row& o) {
  return o.version >= 0;
}

product_view view_of(const product_state& st) {
  product_view v{st.row, {}};
  for (const auto& o : st.options)
    if (known(o)) v.options.push_back(o);
  return v;
}

// Keeps the newest report of each option. Reports may arrive out of order (by different paths),
// so within one activation the higher version wins; a later activation's report wins outright
// (option_incarnation), and an earlier one's never does.
void merge_option(product_state& st, option_row&& r, const option_incarnation& from) {
  for (std::size_t i = 0; i < st.options.size(); ++i) {
    auto& o = st.options[i];
    if (o.id != r.id) continue;
    auto& seen = st.reporters[i];
    if (seen && (from < *seen || (*seen == from && r.version < o.version))) return;
    o = std::move(r);
    seen = from;
    return;
  }
}

product_actor::behavior_type running(product_self self) {
  return entity_behavior(
      self, self->state.life, idle_wake(self, self->state.life),
      [=](view_atom) {
        self->state.life.touch();
        return view_of(self->state);
      },
      [=](option_changed_atom, option_row& r, const option_incarnation& from) {
        merge_option(self->state, std::move(r), from);
      },
      [=](inspect_atom) {
        auto& st = self->state;
        return report_of(self, st.life, st.row.version, describe(st.row, st.options));
      },
      [=](update_atom, const product_changes& c) -> caf::result<product_view> {
        auto& st = self->state;
        st.life.touch();
        rules::product_patch p{c.name ? std::optional{*c.name} : std::nullopt,
                               c.description ? std::optional{*c.description} : std::nullopt,
                               c.category ? std::optional{*c.category} : std::nullopt,
                               c.price ? std::optional{*c.price} : std::nullopt,
                               c.available ? std::optional{*c.available} : std::nullopt};
        if (p.price) {
          // Every option's additional price must be known to judge a new price.
          if (!std::all_of(st.options.begin(), st.options.end(), known))
            return make_error(shop_error::unavailable);
          if (!rules::price_covers_options(*p.price, st.options))
            return make_error(shop_error::invalid_argument);  // an option would cost less than 0
        }
        auto next = rules::apply_patch(st.row, p);
        if (next.version == st.row.version) return view_of(st);
        if (!admit_write(st.life, st.ctx->journal)) return make_error(shop_error::unavailable);
        st.row = next;
        auto rp = self->make_response_promise<product_view>();
        persist(self, st.life, st.ctx->journal, {{persistence::to_image(st.row)}},
                [=](caf::error err) mutable {
                  if (err)
                    rp.deliver(std::move(err));
                  else
                    rp.deliver(view_of(self->state));
                });
        return rp;
      },
      [=](create_atom, const product_draft&) -> caf::result<product_view> {
        return make_error(shop_error::invalid_argument);  // ids are never reused
      });
}

// A product row and its options land in one unit; the options' actors learn their row after.
caf::result<product_view> create(product_self self, product_draft& d) {
  auto& st = self->state;
  if (!admit_write(st.life, st.ctx->journal)) return make_error(shop_error::unavailable);
  st.row = d.product;
  for (auto& o : d.options) o.received = o.stock + o.reserved_stock;  // what a new option got
  st.options = d.options;
  st.reporters.assign(st.options.size(), std::nullopt);
  model::journal_unit unit;
  unit.rows.push_back(persistence::to_image(d.product));
  for (const auto& o : d.options) unit.rows.push_back(persistence::to_image(o));
  st.life.ttl = st.ctx->idle_ttl;
  self->become(running(self));
  auto rp = self->make_response_promise<product_view>();
  persist(self, st.life, st.ctx->journal, std::move(unit),
          [=, options = d.options](caf::error err) mutable {
            if (err) {
              rp.deliver(std::move(err));
              return;
            }
            for (const auto& o : options)
              self->state.ctx->registry.send<option_actor>(self, o.id, create_atom::value, o);
            rp.deliver(view_of(self->state));
          });
  return rp;
}

product_actor::behavior_type absent(product_self self, caf::error err) {
  self->state.life.ttl = self->state.ctx->absent_ttl;
  return entity_behavior(
      self, self->state.life, idle_wake(self, self->state.life), absent_inspect(self->state.life),
      [=](view_atom) -> caf::result<product_view> { return err; },
      [=](update_atom, const product_changes&) -> caf::result<product_view> { return err; },
      [=](option_changed_atom, const option_row&, const option_incarnation&) {},
      [=](create_atom, product_draft& d) -> caf::result<product_view> {
        if (err != make_error(shop_error::product_not_found)) return err;
        return create(self, d);
      });
}

// Activation, second step: ask each option actor for its live row; nothing else is handled
// until every answer is in (await).
void load_options(product_self self, const std::vector<std::int64_t>& ids) {
  auto& st = self->state;
  for (auto id : ids) {
    option_row placeholder;
    placeholder.id = id;
    placeholder.version = -1;
    st.options.push_back(placeholder);
    st.reporters.emplace_back();
  }
  for (auto id : ids) {
    st.ctx->registry
        .request<option_actor>(self, id, caf::infinite, option_changed_atom::value)
        // A failed read leaves the placeholder: hidden from views, filled in by the option's next
        // report, and a reason to refuse price changes until then.
        .await([=](option_row& r,
                   option_incarnation& from) { merge_option(self->state, std::move(r), from); },
               [](caf::error&) {});
  }
}

product_actor::behavior_type activate(product_self self, std::int64_t id, bool /* fresh */) {
  activate_from_row<model::product_record>(
      self, self->state.life, *self->state.ctx,
      std::make_tuple(model::load_product_atom::value, id),
      make_error(shop_error::product_not_found),
      [=](model::product_record rec) {
        self->state.row = std::move(rec.row);
        load_options(self, rec.option_ids);
      },
      [=](caf::error err) { return absent(self, std::move(err)); });
  return running(self);
}

}  // namespace

caf::actor spawn_product(caf::local_actor* parent, std::int64_t id, const shared_context& ctx,
                         model::shard_claim claim, bool fresh) {
  return spawn_entity<product_actor, product_state>(parent, id, ctx, claim, fresh, activate);
}

}  // namespace shop
