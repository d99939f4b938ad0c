#include "actors/messages.hpp"

#include <caf/actor_system_config.hpp>

#include "actors/entities/product_option_actor.hpp"
#include "actors/jobs/operator_view.hpp"
#include "actors/shop_error.hpp"
#include "model/message_types.hpp"

namespace shop {

void add_message_types(caf::actor_system_config& cfg) {
  model::add_message_types(cfg);
  add_shop_error_category(cfg);
  cfg.add_message_type<entity_key>("shop.entity_key");
  // Enums that are message elements of their own cross nodes only if registered too.
  cfg.add_message_type<entity_kind>("shop.entity_kind");
  cfg.add_message_type<stock_move>("shop.stock_move");
  cfg.add_message_type<coupon_filter>("shop.coupon_filter");
  cfg.add_message_type<product_draft>("shop.product_draft");
  cfg.add_message_type<product_changes>("shop.product_changes");
  cfg.add_message_type<product_view>("shop.product_view");
  cfg.add_message_type<option_incarnation>("shop.option_incarnation");
  cfg.add_message_type<std::vector<model::option_row>>("shop.option_rows");
  cfg.add_message_type<cart_line_view>("shop.cart_line_view");
  cfg.add_message_type<cart_view>("shop.cart_view");
  cfg.add_message_type<receipt_ticket>("shop.receipt_ticket");
  cfg.add_message_type<order_line>("shop.order_line");
  cfg.add_message_type<std::vector<order_line>>("shop.order_lines");
  cfg.add_message_type<order_draft>("shop.order_draft");
  cfg.add_message_type<payment_draft>("shop.payment_draft");
  cfg.add_message_type<payment_receipt>("shop.payment_receipt");
  cfg.add_message_type<stock_moved>("shop.stock_moved");
  cfg.add_message_type<state_field>("shop.state_field");
  cfg.add_message_type<entity_report>("shop.entity_report");
  cfg.add_message_type<std::vector<entity_report>>("shop.entity_reports");
  cfg.add_message_type<kind_gauge>("shop.kind_gauge");
  cfg.add_message_type<std::vector<kind_gauge>>("shop.kind_gauges");
  cfg.add_message_type<operator_gauges>("shop.operator_gauges");
}

}  // namespace shop
