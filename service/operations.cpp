#include "service/operations.hpp"

namespace shop::service {

void operator_gauges_now(const shop_service& s, callback<operator_gauges> done) {
  s.ask<operator_gauges>(s.runtime().operators, std::chrono::seconds(10),
                         caf::make_message(probe_atom::value), std::move(done));
}

void live_actors(const shop_service& s, entity_kind kind, std::int64_t limit,
                 callback<std::vector<entity_report>> done) {
  s.ask<std::vector<entity_report>>(
      s.runtime().operators, caf::infinite,
      caf::make_message(inspect_live_atom::value, static_cast<std::uint8_t>(kind), limit),
      std::move(done));
}

void inspect_actor(const shop_service& s, const entity_key& k, bool activate,
                   callback<entity_report> done) {
  s.ask<entity_report>(s.runtime().operators, caf::infinite,
                       caf::make_message(inspect_atom::value, k, activate), std::move(done));
}

}  // namespace shop::service
