#include "http/handlers/catalog_handlers.hpp"

#include "actors/rules/catalog.hpp"
#include "http/paging.hpp"
#include "service/catalog.hpp"

namespace shop::http {

using boost::beast::http::status;

std::optional<model::product_sort> parse_sort(const std::optional<std::string>& s) {
  using model::product_sort;
  if (!s || *s == "newest") return product_sort::newest;
  if (*s == "price_asc") return product_sort::price_asc;
  if (*s == "price_desc") return product_sort::price_desc;
  if (*s == "popular") return product_sort::popular;
  return std::nullopt;
}

nlohmann::json product_json(const product_view& v) {
  const auto& p = v.product;
  auto options = nlohmann::json::array();
  for (const auto& o : v.options)
    options.push_back({{"optionId", o.id},
                       {"name", o.name},
                       {"additionalPrice", o.additional_price},
                       {"price", rules::option_price(p.price, o.additional_price)},
                       {"stock", o.stock},
                       {"reservedStock", o.reserved_stock}});
  return {{"productId", p.id},
          {"name", p.name},
          {"description", p.description},
          {"category", p.category},
          {"price", p.price},
          {"available", p.available},
          {"stock", rules::product_stock(v.options)},
          {"options", std::move(options)}};
}

void list_products(api_context& api, const call_ptr& c) {
  auto sort = parse_sort(c->query("sort"));
  if (!sort)
    return c->fail(shop_error::invalid_argument,
                   "sort must be one of newest, price_asc, price_desc, popular");
  auto paging = parse_paging(c->query("page"), c->query("size"));
  if (!paging) return c->fail(shop_error::invalid_argument, "page must be >= 0 and size in 1..100");
  model::product_query q{c->query("category").value_or(""), *sort, paging->page, paging->size};
  service::list_products(api.shop, q, [c, q](caf::expected<model::product_page> page) {
    if (!page) return c->fail(page.error());
    auto items = nlohmann::json::array();
    for (const auto& p : page->items)
      items.push_back(
          {{"productId", p.id}, {"name", p.name}, {"price", p.price}, {"category", p.category}});
    c->reply(status::ok, {{"items", std::move(items)},
                          {"page", q.page},
                          {"size", q.size},
                          {"totalItems", page->total}});
  });
}

void product_detail(api_context& api, const call_ptr& c) {
  service::product_detail(api.shop, c->path_id(0), [c](caf::expected<product_view> v) {
    if (!v) return c->fail(v.error());
    c->reply(status::ok, product_json(*v));
  });
}

}  // namespace shop::http
