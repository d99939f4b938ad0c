#include "service/catalog.hpp"

#include <memory>

#include "actors/entities/product_actor.hpp"
#include "actors/entities/product_option_actor.hpp"
#include "model/reader_protocol.hpp"

namespace shop::service {

using model::table_id;

void list_products(const shop_service& s, const model::product_query& q,
                   callback<model::product_page> done) {
  s.read(s.read_timeout, std::move(done), model::list_products_atom::value, q);
}

void product_detail(const shop_service& s, std::int64_t product_id, callback<product_view> done) {
  s.ask_entity<product_actor>(product_id, std::move(done), view_atom::value);
}

void create_product(const shop_service& s, product_draft draft, callback<product_view> done) {
  auto d = std::make_shared<product_draft>(std::move(draft));
  s.next_ids(table_id::products, 1, [s, d, done](caf::expected<std::int64_t> pid) {
    if (!pid) return done(pid.error());
    d->product.id = *pid;
    auto n = static_cast<std::int64_t>(d->options.size());
    s.next_ids(table_id::product_options, n, [s, d, done](caf::expected<std::int64_t> first) {
      if (!first) return done(first.error());
      for (std::size_t i = 0; i < d->options.size(); ++i) {
        d->options[i].id = *first + static_cast<std::int64_t>(i);
        d->options[i].product_id = d->product.id;
      }
      s.ask_entity<product_actor>(d->product.id, done, create_atom::value, *d);
    });
  });
}

void update_product(const shop_service& s, std::int64_t product_id, const product_changes& changes,
                    callback<product_view> done) {
  s.ask_entity<product_actor>(product_id, std::move(done), update_atom::value, changes);
}

void adjust_stock(const shop_service& s, std::int64_t option_id, std::int64_t delta,
                  callback<model::option_row> done) {
  s.ask_entity<option_actor>(option_id, std::move(done), adjust_stock_atom::value, delta);
}

}  // namespace shop::service
