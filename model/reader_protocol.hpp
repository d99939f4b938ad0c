// What the reader pool (persistence/store_reader.hpp) answers: the atoms that ask and, below, each
// message with its reply. Every message may fail with storage_error::unavailable.
#pragma once

#include <caf/atom.hpp>

#include "model/order_query.hpp"
#include "model/outbox_backlog.hpp"
#include "model/popularity_rows.hpp"
#include "model/product_query.hpp"
#include "model/row_image.hpp"
#include "model/rows.hpp"
#include "model/storage_error.hpp"

namespace shop::model {

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
//   (row_versions_atom, table_id, std::vector<int64> ids) -> std::vector<int64> (-1: no row)
//   (expired_receipts_atom, int64 before_ms, int64 limit) -> std::vector<int64>

}  // namespace shop::model
