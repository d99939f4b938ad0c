// Creating an order (US-008): hold every line at its option, all or nothing; fix names and prices
// from the catalog; commit the order, its items, the options' figures and the request's record as
// one unit; answer after the commit.
#include <algorithm>
#include <map>

#include "actors/entities/order_state.hpp"
#include "actors/entities/product_actor.hpp"
#include "actors/entities/receipt.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/hosting/gather.hpp"
#include "actors/rules/catalog.hpp"
#include "actors/rules/order.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using model::option_row;
using model::order_item_row;
using model::order_record;

// The order as it will be stored: one item per line, names and prices as the catalog has them.
order_record compose(const order_draft& d, const std::vector<option_row>& options,
                     const std::map<std::int64_t, product_view>& products, std::int64_t now,
                     std::int64_t hold_ms) {
  order_record rec;
  auto item_id = d.first_item_id;
  for (const auto& l : d.lines) {
    auto o = std::find_if(options.begin(), options.end(),
                          [&](const option_row& r) { return r.id == l.option_id; });
    const auto& p = products.at(o->product_id).product;
    rec.items.push_back({item_id++, d.order_id, p.id, o->id, p.name, o->name,
                         rules::option_price(p.price, o->additional_price), l.quantity, 1});
  }
  rec.row = {d.order_id,
             d.user_id,
             model::order_status::pending,
             rules::order_total(rec.items),
             0,
             0,
             0,
             now,
             now + hold_ms,
             0,
             1};
  return rec;
}

// The lines are held: commits the order, or gives the holds back when it cannot be made.
void commit_placement(order_self self, const order_draft& d, stock_moves held,
                      std::map<std::int64_t, product_view> products, caf::response_promise rp) {
  auto& st = self->state;
  auto give_back = [self, moved = held.moved, rp](caf::error e) mutable {
    settle_stock(self, moved, stock_move::undo_reserve);
    rp.deliver(std::move(e));
  };
  const auto& options = held.images;
  for (const auto& [id, p] : products)
    if (!p.product.available) return give_back(make_error(shop_error::product_unavailable));
  if (!admit_write(st.life, st.ctx->journal)) return give_back(make_error(shop_error::unavailable));
  st.rec = compose(d, options, products, wall_clock_ms(), st.ctx->order_hold_ttl.count());
  model::journal_unit unit;
  unit.rows.push_back(persistence::to_image(st.rec.row));
  for (const auto& i : st.rec.items) unit.rows.push_back(persistence::to_image(i));
  for (const auto& o : options) unit.rows.push_back(persistence::to_image(o));
  unit.claims = held.claims;
  if (!d.ticket.key.empty())
    unit.rows.push_back(persistence::to_image(receipt_record(d.ticket, st.rec)));
  self->become(order_running(self));
  watch_hold(self);
  persist(self, st.life, st.ctx->journal, std::move(unit),
          [self, moved = held.moved, rp, give_back](caf::error err) mutable {
            if (err) {
              self->become(order_absent(self, make_error(shop_error::order_not_found)));
              return give_back(std::move(err));
            }
            settle_stock(self, moved, caf::none);
            metrics::global().order_state_changed(to_string(model::order_status::pending));
            rp.deliver(self->state.rec);
          });
}

// Asks each product for its name, price and whether it is on sale (awaited).
void ask_products(order_self self, const order_draft& d, stock_moves held,
                  caf::response_promise rp) {
  std::vector<std::int64_t> ids;
  for (const auto& o : held.images) ids.push_back(o.product_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  struct products {
    std::map<std::int64_t, product_view> views;
    caf::error error;  // the first failure
  };
  auto& st = self->state;
  begin_exchange(st.life);
  auto g = gather<products>::start(ids.size(), {}, [self, d, held, rp](products& p) mutable {
    if (p.error) {
      settle_stock(self, held.moved, stock_move::undo_reserve);
      rp.deliver(p.error);
    } else {
      commit_placement(self, d, std::move(held), std::move(p.views), rp);
    }
    end_exchange(self, self->state.life);
  });
  for (auto id : ids)
    st.ctx->registry.request<product_actor>(self, id, caf::infinite, view_atom::value)
        .await(
            [g, id](product_view& v) {
              g->value.views.emplace(id, std::move(v));
              g->arrived();
            },
            [g](caf::error& e) {
              if (!g->value.error) g->value.error = to_shop_error(e);
              g->arrived();
            });
}

}  // namespace

caf::result<order_record> place(order_self self, const order_draft& d) {
  auto rp = self->make_response_promise();
  move_stock(self, d.lines, stock_move::reserve, [self, d, rp](stock_moves held) mutable {
    if (held.error) {
      settle_stock(self, held.moved, stock_move::undo_reserve);
      return rp.deliver(std::move(held.error)), void();
    }
    ask_products(self, d, std::move(held), rp);
  });
  return rp;
}

}  // namespace shop
