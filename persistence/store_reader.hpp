// Readers: a small pool of detached actors, each with its own connection, that run the blocking
// read queries (entity loads, catalog listing) off the cooperative scheduler.
#pragma once

#include <caf/actor.hpp>
#include <caf/atom.hpp>
#include <caf/fwd.hpp>

#include "persistence/catalog_queries.hpp"
#include "persistence/database.hpp"
#include "persistence/operator_queries.hpp"
#include "persistence/order_queries.hpp"
#include "persistence/popularity_queries.hpp"
#include "persistence/receipt_queries.hpp"

namespace shop::persistence {

using load_product_atom = caf::atom_constant<caf::atom("ldproduct")>;
using load_option_atom = caf::atom_constant<caf::atom("ldoption")>;
using load_user_atom = caf::atom_constant<caf::atom("lduser")>;
using load_coupon_atom = caf::atom_constant<caf::atom("ldcoupon")>;
using load_order_atom = caf::atom_constant<caf::atom("ldorder")>;
using list_orders_atom = caf::atom_constant<caf::atom("lsorders")>;
using overdue_orders_atom = caf::atom_constant<caf::atom("overdue")>;
using undelivered_atom = caf::atom_constant<caf::atom("undeliver")>;
using list_products_atom = caf::atom_constant<caf::atom("lsproducts")>;
using ping_atom = caf::atom_constant<caf::atom("ping")>;
using product_sales_atom = caf::atom_constant<caf::atom("popsales")>;
using load_popularity_atom = caf::atom_constant<caf::atom("ldpopular")>;
using outbox_backlog_atom = caf::atom_constant<caf::atom("outboxlog")>;
using row_versions_atom = caf::atom_constant<caf::atom("rowvers")>;
using expired_receipts_atom = caf::atom_constant<caf::atom("oldreceipt")>;

// Messages (each may fail with storage_error::unavailable):
//   (load_product_atom, int64) -> caf::optional<product_record>
//   (load_option_atom, int64)  -> caf::optional<option_row>
//   (load_user_atom, int64 id, int64 receipts_since_ms) -> caf::optional<user_record>
//   (load_coupon_atom, int64 id) -> caf::optional<coupon_record>
//   (load_order_atom, int64 id) -> caf::optional<order_record>
//   (list_orders_atom, order_query) -> order_page
//   (overdue_orders_atom, int64 now_ms, int64 limit) -> std::vector<int64_t>
//   (undelivered_atom, int64 after_id, int64 limit) -> std::vector<order_record>
//   (list_products_atom, product_query) -> product_page
//   (ping_atom) -> ok_atom
//   (product_sales_atom, int64 from_ms, int64 to_ms) -> std::vector<product_sales>
//   (load_popularity_atom) -> caf::optional<popularity_snapshot>
//   (outbox_backlog_atom) -> outbox_backlog
//   (row_versions_atom, uint8 table, std::vector<int64> ids) -> std::vector<int64> (-1: no row)
//   (expired_receipts_atom, int64 before_ms, int64 limit) -> std::vector<int64>
caf::actor spawn_store_readers(caf::actor_system& sys, const db_params& params, unsigned count);

}  // namespace shop::persistence
