// The cart part of a user's actor (US-005..US-007). Lines hold an option and a quantity; names and
// prices come from the catalog's actors when the cart is viewed, so the cart shows today's prices.
#include <algorithm>
#include <map>
#include <memory>

#include "actors/entities/product_actor.hpp"
#include "actors/entities/product_option_actor.hpp"
#include "actors/entities/user_state.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/hosting/gather.hpp"
#include "actors/rules/cart.hpp"
#include "actors/rules/catalog.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using model::cart_item_row;
using model::option_row;
using model::table_id;

cart_item_row* line_for_option(user_state& st, std::int64_t option_id) {
  for (auto& l : st.cart)
    if (l.option_id == option_id) return &l;
  return nullptr;
}

// Applies the add to the cart as it is now (other adds may have landed while the option was
// asked). A new line first gets an id, then comes back here with it.
void add_line(user_self self, const option_row& option, std::int64_t quantity,
              caf::response_promise rp, std::int64_t new_id) {
  auto& st = self->state;
  auto* line = line_for_option(st, option.id);
  if (!line && !rules::cart_has_room(st.cart.size()))
    return rp.deliver(make_error(shop_error::invalid_quantity)), void();
  auto merged = rules::merge_cart_quantity(line ? line->quantity : 0, quantity, option.stock);
  if (!merged) return rp.deliver(make_error(merged.error())), void();
  if (!line && new_id == 0) {
    ask_in_exchange<std::int64_t>(
        self, st.life, st.ctx->ids,
        caf::make_message(next_id_atom::value, static_cast<std::uint8_t>(table_id::cart_items),
                          std::int64_t{1}),
        [=](std::int64_t id) { add_line(self, option, quantity, rp, id); },
        [=](caf::error& e) mutable { rp.deliver(e); });
    return;
  }
  if (!admit_write(st.life, st.ctx->journal))
    return rp.deliver(make_error(shop_error::unavailable)), void();
  if (line) {
    line->quantity = *merged;
    ++line->version;
  } else {
    st.cart.push_back(
        {new_id, st.row.id, option.id, *merged, wall_clock_ms(), 1, option.product_id});
    line = &st.cart.back();
  }
  auto reply = *line;
  persist(self, st.life, st.ctx->journal, {{persistence::to_image(reply)}},
          [rp, reply](caf::error err) mutable {
            if (err)
              rp.deliver(std::move(err));
            else
              rp.deliver(reply);
          });
}

// Builds the view of `lines` from the products' current rows.
cart_view compose(const std::vector<cart_item_row>& lines,
                  const std::map<std::int64_t, product_view>& products) {
  cart_view v;
  for (const auto& l : lines) {
    auto p = products.find(l.product_id);
    if (p == products.end()) continue;
    auto o = std::find_if(p->second.options.begin(), p->second.options.end(),
                          [&](const option_row& r) { return r.id == l.option_id; });
    if (o == p->second.options.end()) continue;
    auto unit_price = rules::option_price(p->second.product.price, o->additional_price);
    auto subtotal = rules::line_subtotal(unit_price, l.quantity);
    v.items.push_back({l.id, l.product_id, l.option_id, p->second.product.name, o->name, unit_price,
                       l.quantity, subtotal});
    v.total += subtotal;
  }
  return v;
}

}  // namespace

caf::result<cart_item_row> add_to_cart(user_self self, std::int64_t option_id,
                                       std::int64_t quantity) {
  auto& st = self->state;
  st.life.touch();
  if (auto ok = rules::merge_cart_quantity(0, quantity, rules::max_line_quantity); !ok)
    return make_error(ok.error());
  auto rp = self->make_response_promise();
  auto fail = [rp](caf::error& e) mutable { rp.deliver(std::move(e)); };
  // The option gives its product and live stock; the product says whether it is on sale.
  ask_entity<option_actor>(
      self, st.life, st.ctx->registry, option_id,
      [=](option_row& option) {
        ask_entity<product_actor>(
            self, self->state.life, self->state.ctx->registry, option.product_id,
            [=](product_view& product) mutable {
              if (!product.product.available)
                return rp.deliver(make_error(shop_error::product_unavailable)), void();
              add_line(self, option, quantity, rp, 0);
            },
            fail, view_atom::value);
      },
      fail, view_atom::value);
  return rp;
}

caf::result<cart_view> view_cart(user_self self) {
  auto& st = self->state;
  st.life.touch();
  if (st.cart.empty()) return cart_view{};
  auto rp = self->make_response_promise();
  std::vector<std::int64_t> product_ids;
  for (const auto& l : st.cart) product_ids.push_back(l.product_id);
  std::sort(product_ids.begin(), product_ids.end());
  product_ids.erase(std::unique(product_ids.begin(), product_ids.end()), product_ids.end());
  // Fan out to each product once; answer when the last reply is in.
  struct products {
    std::map<std::int64_t, product_view> views;
    bool failed = false;  // answered with the failure already
  };
  auto g =
      gather<products>::start(product_ids.size(), {}, [rp, lines = st.cart](products& p) mutable {
        if (!p.failed) rp.deliver(compose(lines, p.views));
      });
  for (auto pid : product_ids)
    ask_entity<product_actor>(
        self, st.life, st.ctx->registry, pid,
        [g, pid](product_view& v) {
          g->value.views.emplace(pid, std::move(v));
          g->arrived();
        },
        [g, rp](caf::error& e) mutable {
          // A product that is gone leaves its lines out; anything else fails the view.
          shop_error se;
          if (!(as_shop_error(e, se) && se == shop_error::product_not_found) && !g->value.failed) {
            rp.deliver(std::move(e));
            g->value.failed = true;
          }
          g->arrived();
        },
        view_atom::value);
  return rp;
}

caf::result<caf::ok_atom> remove_from_cart(user_self self, std::int64_t cart_item_id) {
  auto& st = self->state;
  st.life.touch();
  auto it = std::find_if(st.cart.begin(), st.cart.end(),
                         [&](const cart_item_row& l) { return l.id == cart_item_id; });
  if (it == st.cart.end()) return make_error(shop_error::cart_item_not_found);
  if (!admit_write(st.life, st.ctx->journal)) return make_error(shop_error::unavailable);
  auto tombstone = persistence::erase_image(table_id::cart_items, it->id, it->version + 1);
  st.cart.erase(it);
  return persist_and_reply(self, st.life, st.ctx->journal, {{std::move(tombstone)}},
                           caf::ok_atom::value);
}

}  // namespace shop
