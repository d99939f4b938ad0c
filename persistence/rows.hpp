// Row shapes of the tables, as actors hold them in memory and hand them to the journal.
// Plain values with CAF `inspect`, so they can cross node boundaries.
#pragma once

#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace shop::persistence {

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
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, option_row& x) {
  return f(caf::meta::type_name("option_row"), x.id, x.product_id, x.name, x.additional_price,
           x.stock, x.reserved_stock, x.version);
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

}  // namespace shop::persistence
