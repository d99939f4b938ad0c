#include "actors/hosting/entity_inspection.hpp"

#include "actors/rules/catalog.hpp"

namespace shop {
namespace {

using K = model::column_value;

K time_or_null(std::int64_t ms) {
  return ms ? K::time(ms) : K::none();
}

}  // namespace

std::string_view kind_name(entity_kind kind) {
  switch (kind) {
    case entity_kind::product:
      return "product";
    case entity_kind::option:
      return "option";
    case entity_kind::user:
      return "user";
    case entity_kind::coupon:
      return "coupon";
    case entity_kind::order:
      return "order";
  }
  return "unknown";
}

std::string to_string(entity_kind k) {
  return std::string{kind_name(k)};
}

std::optional<entity_kind> kind_named(std::string_view name) {
  // The design's names (API.md) for the user and coupon-campaign actors.
  if (name == "wallet") return entity_kind::user;
  if (name == "campaign") return entity_kind::coupon;
  for (auto k : {entity_kind::product, entity_kind::option, entity_kind::user, entity_kind::coupon,
                 entity_kind::order})
    if (kind_name(k) == name) return k;
  return std::nullopt;
}

model::table_id table_of(entity_kind kind) {
  using model::table_id;
  switch (kind) {
    case entity_kind::product:
      return table_id::products;
    case entity_kind::option:
      return table_id::product_options;
    case entity_kind::user:
      return table_id::users;
    case entity_kind::coupon:
      return table_id::coupons;
    case entity_kind::order:
      return table_id::orders;
  }
  return table_id::products;
}

shop_error not_found_of(entity_kind kind) {
  switch (kind) {
    case entity_kind::product:
      return shop_error::product_not_found;
    case entity_kind::option:
      return shop_error::option_not_found;
    case entity_kind::user:
      return shop_error::user_not_found;
    case entity_kind::coupon:
      return shop_error::coupon_not_found;
    case entity_kind::order:
      return shop_error::order_not_found;
  }
  return shop_error::invalid_argument;
}

std::vector<state_field> describe(const model::product_row& p,
                                  const std::vector<model::option_row>& options) {
  return {{"name", K::of(p.name)},
          {"category", K::of(p.category)},
          {"price", K::of(p.price)},
          {"available", K::of(std::int64_t{p.available ? 1 : 0})},
          {"options", K::of(static_cast<std::int64_t>(options.size()))},
          {"stock", K::of(rules::product_stock(options))}};
}

std::vector<state_field> describe(const model::option_row& o) {
  return {{"productId", K::of(o.product_id)},
          {"name", K::of(o.name)},
          {"stock", K::of(o.stock)},
          {"reservedStock", K::of(o.reserved_stock)},
          {"received", K::of(o.received)}};
}

std::vector<state_field> describe(const model::user_row& u, std::size_t cart_lines,
                                  std::size_t coupons) {
  return {{"name", K::of(u.name)},
          {"balance", K::of(u.balance)},
          {"cartLines", K::of(static_cast<std::int64_t>(cart_lines))},
          {"coupons", K::of(static_cast<std::int64_t>(coupons))}};
}

std::vector<state_field> describe(const model::coupon_row& c, std::size_t holders) {
  return {{"name", K::of(c.name)},
          {"discountType", K::of(c.discount_type)},
          {"discountValue", K::of(c.discount_value)},
          {"totalQuantity", K::of(c.total_quantity)},
          {"issuedQuantity", K::of(c.issued_quantity)},
          {"holders", K::of(static_cast<std::int64_t>(holders))},
          {"startsAt", time_or_null(c.starts_at_ms)},
          {"expiresAt", K::time(c.expires_at_ms)}};
}

std::vector<state_field> describe(const model::order_record& o) {
  const auto& r = o.row;
  return {{"userId", K::of(r.user_id)},
          {"status", K::of(std::string{to_string(r.status)})},
          {"items", K::of(static_cast<std::int64_t>(o.items.size()))},
          {"totalAmount", K::of(r.total_amount)},
          {"discountAmount", K::of(r.discount_amount)},
          {"paidAmount", K::of(r.paid_amount)},
          {"createdAt", K::time(r.created_at_ms)},
          // The deadline only binds a PENDING order (its hold timer is armed for it).
          {"expiresAt", K::time(r.expires_at_ms)},
          {"paidAt", time_or_null(r.paid_at_ms)}};
}

}  // namespace shop
