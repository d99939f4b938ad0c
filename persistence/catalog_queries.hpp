// Catalog reads: the product listing query and the loads that activate entity actors.
#pragma once

#include <cppconn/connection.h>

#include <caf/meta/type_name.hpp>
#include <caf/optional.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "persistence/row_image.hpp"
#include "persistence/rows.hpp"

namespace shop::persistence {

enum class product_sort : std::uint8_t { newest, price_asc, price_desc, popular };

struct product_query {
  std::string category;   // empty: all
  std::uint8_t sort = 0;  // a product_sort
  std::int64_t page = 0;
  std::int64_t size = 20;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, product_query& x) {
  return f(caf::meta::type_name("product_query"), x.category, x.sort, x.page, x.size);
}

struct product_summary {
  std::int64_t id = 0;
  std::string name;
  std::int64_t price = 0;
  std::string category;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, product_summary& x) {
  return f(caf::meta::type_name("product_summary"), x.id, x.name, x.price, x.category);
}

struct product_page {
  std::vector<product_summary> items;
  std::int64_t total = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, product_page& x) {
  return f(caf::meta::type_name("product_page"), x.items, x.total);
}

// Only products on sale; ties always fall back to newest first, then higher id.
product_page list_products(sql::Connection& con, const product_query& q);

caf::optional<product_record> load_product(sql::Connection& con, std::int64_t id);
caf::optional<option_row> load_option(sql::Connection& con, std::int64_t id);

// Highest id in use, so the service can hand out the next ones itself.
std::int64_t max_id(sql::Connection& con, table_id t);

}  // namespace shop::persistence
