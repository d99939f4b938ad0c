#include "http/shop_routes.hpp"

#include "http/handlers/admin_catalog_handlers.hpp"
#include "http/handlers/catalog_handlers.hpp"
#include "http/handlers/health_handlers.hpp"

namespace shop::http {

std::vector<route> shop_routes(api_context& api) {
  using boost::beast::http::verb;
  auto h = [&api](void (*fn)(api_context&, const call_ptr&)) {
    return [&api, fn](const call_ptr& c) { fn(api, c); };
  };
  return {
      // Catalog (US-001, US-002)
      {verb::get, "/api/products", access::anyone, h(list_products)},
      {verb::get, "/api/products/{productId}", access::anyone, h(product_detail)},
      // Operators
      {verb::post, "/admin/products", access::admin, h(create_product)},
      {verb::patch, "/admin/products/{productId}", access::admin, h(update_product)},
      {verb::post, "/admin/product-options/{optionId}/stock", access::admin,
       h(adjust_option_stock)},
      // Health
      {verb::get, "/health/live", access::anyone, h(health_live)},
      {verb::get, "/health/ready", access::anyone, h(health_ready)},
  };
}

}  // namespace shop::http
