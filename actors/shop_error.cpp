#include "actors/shop_error.hpp"

#include <caf/actor_system_config.hpp>

namespace shop {

caf::error make_error(shop_error x) {
  return {static_cast<std::uint8_t>(x), caf::atom("shop")};
}

bool as_shop_error(const caf::error& e, shop_error& out) {
  if (e.category() != caf::atom("shop") || e.code() == 0) return false;
  out = static_cast<shop_error>(e.code());
  return true;
}

void add_shop_error_category(caf::actor_system_config& cfg) {
  cfg.add_error_category(caf::atom("shop"),
                         [](std::uint8_t code, caf::atom_value, const caf::message&) {
                           return std::string{code_of(static_cast<shop_error>(code))};
                         });
}

}  // namespace shop
