#include "http/shop_routes.hpp"

#include "http/handlers/admin_catalog_handlers.hpp"
#include "http/handlers/cart_handlers.hpp"
#include "http/handlers/catalog_handlers.hpp"
#include "http/handlers/cluster_handlers.hpp"
#include "http/handlers/coupon_handlers.hpp"
#include "http/handlers/document_handlers.hpp"
#include "http/handlers/health_handlers.hpp"
#include "http/handlers/operator_handlers.hpp"
#include "http/handlers/order_handlers.hpp"
#include "http/handlers/popularity_handlers.hpp"
#include "http/handlers/user_handlers.hpp"

namespace shop::http {

std::vector<route> shop_routes(api_context& api) {
  using boost::beast::http::verb;
  auto h = [&api](void (*fn)(api_context&, const call_ptr&)) {
    return [&api, fn](const call_ptr& c) { fn(api, c); };
  };
  return {
      // Catalog (US-001, US-002)
      {verb::get, "/api/products", access::anyone, h(list_products)},
      {verb::get, "/api/products/top", access::anyone, h(top_products)},  // US-003
      {verb::get, "/api/products/{productId}", access::anyone, h(product_detail)},
      // Wallet (US-004) and cart (US-005..US-007): the customer named in the path
      {verb::get, "/api/users/{userId}/balance", access::customer_self, h(user_balance)},
      {verb::post, "/api/users/{userId}/balance/charge", access::customer_self, h(charge_balance)},
      {verb::post, "/api/users/{userId}/cart", access::customer_self, h(add_to_cart)},
      {verb::get, "/api/users/{userId}/cart", access::customer_self, h(view_cart)},
      {verb::delete_, "/api/users/{userId}/cart/{cartItemId}", access::customer_self,
       h(remove_from_cart)},
      // Coupons (US-013, US-014)
      {verb::get, "/api/coupons/{couponId}", access::anyone, h(coupon_detail)},
      {verb::post, "/api/coupons/{couponId}/issue", access::customer_self, h(issue_coupon),
       acting_user::body},
      {verb::get, "/api/users/{userId}/coupons", access::customer_self, h(list_user_coupons)},
      // Orders and payment (US-008..US-012): the body names the acting user, or the order's
      // owner is the one who may read it
      {verb::post, "/api/orders", access::customer_self, h(create_order), acting_user::body},
      {verb::get, "/api/orders/{orderId}", access::customer_self, h(order_detail),
       acting_user::owner},
      {verb::post, "/api/orders/{orderId}/payment", access::customer_self, h(pay_order),
       acting_user::body},
      {verb::post, "/api/orders/{orderId}/cancel", access::customer_self, h(cancel_order),
       acting_user::body},
      {verb::get, "/api/users/{userId}/orders", access::customer_self, h(list_user_orders)},
      // Operators
      {verb::post, "/admin/users", access::admin, h(create_user)},
      {verb::post, "/admin/users/{userId}/token", access::admin, h(issue_user_token)},
      {verb::post, "/admin/coupons", access::admin, h(create_coupon)},
      {verb::post, "/admin/products", access::admin, h(create_product)},
      {verb::patch, "/admin/products/{productId}", access::admin, h(update_product)},
      {verb::post, "/admin/product-options/{optionId}/stock", access::admin,
       h(adjust_option_stock)},
      {verb::post, "/admin/jobs/expire-orders", access::admin, h(expire_orders_now)},
      {verb::post, "/admin/jobs/popularity-snapshot", access::admin, h(run_popularity_snapshot)},
      {verb::get, "/admin/cluster", access::admin, h(cluster_membership)},
      // Live actor inspection: a {param} is an id, so each type is a literal segment
      {verb::get, "/admin/actors", access::admin, h(list_live_actors)},
      {verb::get, "/admin/actors/product/{productId}", access::admin, h(inspect_product_actor)},
      {verb::get, "/admin/actors/option/{optionId}", access::admin, h(inspect_option_actor)},
      {verb::get, "/admin/actors/user/{userId}", access::admin, h(inspect_user_actor)},
      {verb::get, "/admin/actors/coupon/{couponId}", access::admin, h(inspect_coupon_actor)},
      {verb::get, "/admin/actors/order/{orderId}", access::admin, h(inspect_order_actor)},
      // The design's names (API.md): a wallet is the user actor, a campaign the coupon actor
      {verb::get, "/admin/actors/wallet/{userId}", access::admin, h(inspect_user_actor)},
      {verb::get, "/admin/actors/campaign/{couponId}", access::admin, h(inspect_coupon_actor)},
      // Health
      {verb::get, "/health/live", access::anyone, h(health_live)},
      {verb::get, "/health/ready", access::anyone, h(health_ready)},
      {verb::get, "/metrics", access::anyone, h(scrape_metrics)},
      // Documents (docs/openapi.json describes every route above, this one included)
      {verb::get, "/openapi.json", access::anyone, h(openapi_json)},
      // The operator dashboard: a page and its chart library, no data (the page sends the admin
      // token with every data call it makes)
      {verb::get, "/admin/dashboard", access::anyone, h(dashboard_page)},
      {verb::get, "/admin/dashboard/chart.js", access::anyone, h(dashboard_chart_js)},
  };
}

}  // namespace shop::http
