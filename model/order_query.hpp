// A customer's order history (GET /orders, US-012): what is asked and the page that answers it.
#pragma once

#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/optional.hpp>
#include <cstdint>
#include <vector>

#include "model/enum_inspect.hpp"
#include "model/order_status.hpp"
#include "model/rows.hpp"

namespace shop::model {

struct order_query {
  std::int64_t user_id = 0;
  caf::optional<order_status> status;  // none: any
  std::int64_t page = 0;
  std::int64_t size = 20;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_query& x) {
  // The filter travels as a flag and a checked status (CAF's optional would send it unchecked).
  bool filtered = static_cast<bool>(x.status);
  auto status = filtered ? *x.status : order_status::pending;
  auto load = caf::meta::load_callback([&]() -> caf::error {
    x.status = filtered ? caf::optional<order_status>{status} : caf::none;
    return caf::none;
  });
  return f(caf::meta::type_name("order_query"), x.user_id, filtered,
           checked(status, order_status::count_), x.page, x.size, load);
}

struct order_page {
  std::vector<order_record> items;  // newest first
  std::int64_t total = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_page& x) {
  return f(caf::meta::type_name("order_page"), x.items, x.total);
}

}  // namespace shop::model
