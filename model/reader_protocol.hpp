// The atoms that ask the reader pool; each message with its reply is its interface, `reader_pool`
// in persistence/store_reader.hpp.
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
using load_receipt_atom = caf::atom_constant<caf::atom("ldreceipt")>;

}  // namespace shop::model
