// The catalog (US-001, US-002) and the operators' changes to it: products and their options.
#pragma once

#include "model/product_query.hpp"
#include "service/shop_service.hpp"

namespace shop::service {

// A page of products, from the database.
void list_products(const shop_service& s, const model::product_query& q,
                   callback<model::product_page> done);

// A product with the live figures of its options             | PRODUCT_NOT_FOUND
void product_detail(const shop_service& s, std::int64_t product_id, callback<product_view> done);

// Creates the product of `draft` (its ids are ignored: new ones are taken here), after commit.
void create_product(const shop_service& s, product_draft draft, callback<product_view> done);

// Changes the fields `changes` names, after commit.
void update_product(const shop_service& s, std::int64_t product_id, const product_changes& changes,
                    callback<product_view> done);

// Restocks (delta > 0) or writes off (delta < 0) an option   | INSUFFICIENT_STOCK, OPTION_NOT_FOUND
void adjust_stock(const shop_service& s, std::int64_t option_id, std::int64_t delta,
                  callback<model::option_row> done);

}  // namespace shop::service
