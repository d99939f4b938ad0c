// Row shapes of the tables, as actors hold them in memory and hand them to the journal.
// Plain values with CAF `inspect`, so they can cross node boundaries.
#pragma once

#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "model/coupon_status.hpp"
#include "model/order_status.hpp"

namespace shop::model {

struct product_row {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::string category;
  std::int64_t price = 0;
  bool available = true;
  std::int64_t created_at_ms = 0;
  std::int64_t version = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, product_row& x) {
  return f(caf::meta::type_name("product_row"), x.id, x.name, x.description, x.category, x.price,
           x.available, x.created_at_ms, x.version);
}

struct option_row {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string name;
  std::int64_t additional_price = 0;
  std::int64_t stock = 0;           // orderable now
  std::int64_t reserved_stock = 0;  // held by PENDING orders
  std::int64_t version = 0;
  // Everything the option ever got (initial stock + restocks): stock + reserved + units sold in
  // PAID orders. The actor derives stock and reserved from it at activation (0003_orders.sql).
  std::int64_t received = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, option_row& x) {
  return f(caf::meta::type_name("option_row"), x.id, x.product_id, x.name, x.additional_price,
           x.stock, x.reserved_stock, x.version, x.received);
}

// An option as its actor loads it: the row with stock and reserved_stock derived from the orders,
// and whether the stored columns differ from them (a unit committed an in-memory hold that its
// order never committed: the actor then writes the derived figures back).
struct option_record {
  option_row row;
  bool stored_figures_differ = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, option_record& x) {
  return f(caf::meta::type_name("option_record"), x.row, x.stored_figures_differ);
}

// A product as its actor loads it: the row plus the ids of its options (whose actors own stock).
struct product_record {
  product_row row;
  std::vector<std::int64_t> option_ids;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, product_record& x) {
  return f(caf::meta::type_name("product_record"), x.row, x.option_ids);
}

// A customer and their wallet; `balance` in won.
struct user_row {
  std::int64_t id = 0;
  std::string name;
  std::int64_t balance = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t version = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_row& x) {
  return f(caf::meta::type_name("user_row"), x.id, x.name, x.balance, x.created_at_ms, x.version);
}

// One line of a cart. `product_id` is not a column of cart_items: it is read along (the option
// never changes product) so the cart can ask the product for names and prices.
struct cart_item_row {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t option_id = 0;
  std::int64_t quantity = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t version = 0;
  std::int64_t product_id = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cart_item_row& x) {
  return f(caf::meta::type_name("cart_item_row"), x.id, x.user_id, x.option_id, x.quantity,
           x.created_at_ms, x.version, x.product_id);
}

// The stored first answer to a request sent with an Idempotency-Key.
struct idempotency_row {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string key;
  std::string request;   // what was asked, to tell a repeat from a different request
  std::string response;  // the encoded reply
  std::int64_t created_at_ms = 0;
  std::int64_t version = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, idempotency_row& x) {
  return f(caf::meta::type_name("idempotency_row"), x.id, x.user_id, x.key, x.request, x.response,
           x.created_at_ms, x.version);
}

// A first-come coupon campaign. Times are epoch ms; starts_at_ms 0 means "from creation".
struct coupon_row {
  std::int64_t id = 0;
  std::string name;
  std::string discount_type;  // "RATE" (percent) or "AMOUNT" (won)
  std::int64_t discount_value = 0;
  std::int64_t total_quantity = 0;
  std::int64_t issued_quantity = 0;
  std::int64_t starts_at_ms = 0;
  std::int64_t expires_at_ms = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t version = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, coupon_row& x) {
  return f(caf::meta::type_name("coupon_row"), x.id, x.name, x.discount_type, x.discount_value,
           x.total_quantity, x.issued_quantity, x.starts_at_ms, x.expires_at_ms, x.created_at_ms,
           x.version);
}

// A campaign as its actor loads it: the row and the users who already hold one of its coupons.
struct coupon_record {
  coupon_row row;
  std::vector<std::int64_t> holders;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, coupon_record& x) {
  return f(caf::meta::type_name("coupon_record"), x.row, x.holders);
}

// A coupon a user holds. The campaign's name and discount are carried along (not columns of
// user_coupons: a campaign never changes them), so the user's actor can list and apply it alone.
struct user_coupon_row {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t coupon_id = 0;
  coupon_status status = coupon_status::available;  // stored: available or used
  std::int64_t issued_at_ms = 0;
  std::int64_t expires_at_ms = 0;
  std::int64_t used_at_ms = 0;  // 0: not used
  std::int64_t version = 0;
  std::string name;
  std::string discount_type;
  std::int64_t discount_value = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_coupon_row& x) {
  return f(caf::meta::type_name("user_coupon_row"), x.id, x.user_id, x.coupon_id, by_name(x.status),
           x.issued_at_ms, x.expires_at_ms, x.used_at_ms, x.version, x.name, x.discount_type,
           x.discount_value);
}

// That a key was used, without its request or answer: what a user's actor keeps of an older
// record (actors/entities/idempotency_ledger.hpp). key_hash is idempotency_key_hash(key).
struct receipt_stamp {
  std::uint64_t key_hash = 0;
  std::int64_t created_at_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, receipt_stamp& x) {
  return f(caf::meta::type_name("receipt_stamp"), x.key_hash, x.created_at_ms);
}

// A user as their actor loads it: wallet, cart lines, coupons and the stamps of the idempotency
// records still valid.
struct user_record {
  user_row row;
  std::vector<cart_item_row> cart;
  std::vector<user_coupon_row> coupons;
  std::vector<receipt_stamp> receipts;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_record& x) {
  return f(caf::meta::type_name("user_record"), x.row, x.cart, x.coupons, x.receipts);
}

// An order (US-008..US-012). Times epoch ms; paid_at_ms 0 until paid, user_coupon_id 0 when no
// coupon was used.
struct order_row {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  order_status status = order_status::pending;
  std::int64_t total_amount = 0;
  std::int64_t discount_amount = 0;
  std::int64_t paid_amount = 0;
  std::int64_t user_coupon_id = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t expires_at_ms = 0;
  std::int64_t paid_at_ms = 0;
  std::int64_t version = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_row& x) {
  return f(caf::meta::type_name("order_row"), x.id, x.user_id, by_name(x.status), x.total_amount,
           x.discount_amount, x.paid_amount, x.user_coupon_id, x.created_at_ms, x.expires_at_ms,
           x.paid_at_ms, x.version);
}

// One line of an order; names and unit price as they were at creation.
struct order_item_row {
  std::int64_t id = 0;
  std::int64_t order_id = 0;
  std::int64_t product_id = 0;
  std::int64_t option_id = 0;
  std::string product_name;
  std::string option_name;
  std::int64_t unit_price = 0;
  std::int64_t quantity = 0;
  std::int64_t version = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_item_row& x) {
  return f(caf::meta::type_name("order_item_row"), x.id, x.order_id, x.product_id, x.option_id,
           x.product_name, x.option_name, x.unit_price, x.quantity, x.version);
}

struct order_record {
  order_row row;
  std::vector<order_item_row> items;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_record& x) {
  return f(caf::meta::type_name("order_record"), x.row, x.items);
}

// A paid order still to be delivered to the data platform; `id` is the order id.
struct outbox_row {
  std::int64_t id = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t version = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, outbox_row& x) {
  return f(caf::meta::type_name("outbox_row"), x.id, x.created_at_ms, x.version);
}

// One failed delivery attempt (transaction_out_failure_log).
struct delivery_failure_row {
  std::int64_t id = 0;
  std::int64_t order_id = 0;
  std::int64_t attempt = 0;
  std::string error;
  std::int64_t created_at_ms = 0;
  std::int64_t version = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, delivery_failure_row& x) {
  return f(caf::meta::type_name("delivery_failure_row"), x.id, x.order_id, x.attempt, x.error,
           x.created_at_ms, x.version);
}

}  // namespace shop::model
