// The catalog listing (GET /products): what is asked and the page that answers it.
#pragma once

#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "model/enum_inspect.hpp"

namespace shop::model {

enum class product_sort : std::uint8_t {
  newest,
  price_asc,
  price_desc,
  popular,
  count_ /* last */
};

struct product_query {
  std::string category;  // empty: all
  product_sort sort = product_sort::newest;
  std::int64_t page = 0;
  std::int64_t size = 20;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, product_query& x) {
  return f(caf::meta::type_name("product_query"), x.category, checked(x.sort, product_sort::count_),
           x.page, x.size);
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

}  // namespace shop::model
