#include "model/message_types.hpp"

#include <caf/actor_system_config.hpp>

#include "model/cluster_rows.hpp"
#include "model/cluster_view.hpp"
#include "model/journal_protocol.hpp"
#include "model/order_query.hpp"
#include "model/outbox_backlog.hpp"
#include "model/popularity_rows.hpp"
#include "model/product_query.hpp"
#include "model/row_image.hpp"
#include "model/rows.hpp"

namespace shop::model {

void add_message_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<column_value>("shop.column_value");
  cfg.add_message_type<cluster_member>("shop.cluster_member");
  cfg.add_message_type<std::vector<cluster_member>>("shop.cluster_members");
  cfg.add_message_type<cluster_view>("shop.cluster_view");
  cfg.add_message_type<node_address>("shop.node_address");
  cfg.add_message_type<node_record>("shop.node_record");
  cfg.add_message_type<shard_record>("shop.shard_record");
  cfg.add_message_type<cluster_snapshot>("shop.cluster_snapshot");
  cfg.add_message_type<row_image>("shop.row_image");
  cfg.add_message_type<journal_unit>("shop.journal_unit");
  cfg.add_message_type<shard_claim>("shop.shard_claim");
  cfg.add_message_type<std::vector<shard_claim>>("shop.shard_claims");
  cfg.add_message_type<product_row>("shop.product_row");
  cfg.add_message_type<option_row>("shop.option_row");
  cfg.add_message_type<product_record>("shop.product_record");
  cfg.add_message_type<caf::optional<product_record>>("shop.optional_product_record");
  cfg.add_message_type<option_record>("shop.option_record");
  cfg.add_message_type<caf::optional<option_record>>("shop.optional_option_record");
  cfg.add_message_type<user_row>("shop.user_row");
  cfg.add_message_type<cart_item_row>("shop.cart_item_row");
  cfg.add_message_type<idempotency_row>("shop.idempotency_row");
  cfg.add_message_type<caf::optional<idempotency_row>>("shop.optional_idempotency_row");
  cfg.add_message_type<user_record>("shop.user_record");
  cfg.add_message_type<caf::optional<user_record>>("shop.optional_user_record");
  cfg.add_message_type<coupon_row>("shop.coupon_row");
  cfg.add_message_type<coupon_record>("shop.coupon_record");
  cfg.add_message_type<caf::optional<coupon_record>>("shop.optional_coupon_record");
  cfg.add_message_type<user_coupon_row>("shop.user_coupon_row");
  cfg.add_message_type<std::vector<user_coupon_row>>("shop.user_coupon_rows");
  cfg.add_message_type<order_row>("shop.order_row");
  cfg.add_message_type<order_item_row>("shop.order_item_row");
  cfg.add_message_type<std::vector<order_item_row>>("shop.order_item_rows");
  cfg.add_message_type<order_record>("shop.order_record");
  cfg.add_message_type<caf::optional<order_record>>("shop.optional_order_record");
  cfg.add_message_type<std::vector<order_record>>("shop.order_records");
  cfg.add_message_type<order_query>("shop.order_query");
  cfg.add_message_type<order_page>("shop.order_page");
  cfg.add_message_type<outbox_row>("shop.outbox_row");
  cfg.add_message_type<delivery_failure_row>("shop.delivery_failure_row");
  cfg.add_message_type<product_query>("shop.product_query");
  cfg.add_message_type<product_summary>("shop.product_summary");
  cfg.add_message_type<product_page>("shop.product_page");
  cfg.add_message_type<journal_stats>("shop.journal_stats");
  cfg.add_message_type<std::vector<std::int64_t>>("shop.id_list");
  cfg.add_message_type<product_sales>("shop.product_sales");
  cfg.add_message_type<std::vector<product_sales>>("shop.product_sales_list");
  cfg.add_message_type<popularity_snapshot_row>("shop.popularity_snapshot_row");
  cfg.add_message_type<popularity_item_row>("shop.popularity_item_row");
  cfg.add_message_type<std::vector<popularity_item_row>>("shop.popularity_item_rows");
  cfg.add_message_type<popularity_snapshot>("shop.popularity_snapshot");
  cfg.add_message_type<caf::optional<popularity_snapshot>>("shop.optional_popularity_snapshot");
  cfg.add_message_type<outbox_backlog>("shop.outbox_backlog");
  cfg.add_error_category(
      caf::atom("storage"),
      [](std::uint8_t code, caf::atom_value, const caf::message&) -> std::string {
        return code == 1 ? "storage: unavailable" : "storage: rejected";
      });
}

}  // namespace shop::model
