// The paid order the tests of its renderings use (order_json_test.cpp,
// data_platform_client_test.cpp): two lines (3 x 39,000 + 2 x 2,000 = 121,000) with user coupon 55
// (12,100 off); created 2026-11-23T10:15:00Z, held until 10:25:00Z, paid at 10:25:30.123Z.
#pragma once

#include "model/rows.hpp"

namespace shop::test {

inline model::order_record paid_order() {
  model::order_record o;
  o.row = {100,
           7,
           model::order_status::paid,
           121000,
           12100,
           108900,
           55,
           1795428900000,
           1795429500000,
           1795429530123,
           2};
  o.items = {{1, 100, 1, 11, "Linen shirt", "M", 39000, 3, 1},
             {2, 100, 2, 21, "Socks", "Grey", 2000, 2, 1}};
  return o;
}

}  // namespace shop::test
