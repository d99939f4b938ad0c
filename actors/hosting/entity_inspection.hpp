// Live actor inspection for operators (GET /admin/actors...): what an entity actor reports about
// itself when asked `(inspect_atom)`, and the state fields each kind shows. The registry shard adds
// nothing but routing; the database adds the committed version (operator_view.hpp).
#pragma once

#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages.hpp"
#include "actors/shop_error_code.hpp"
#include "model/row_image.hpp"
#include "model/rows.hpp"

namespace shop {

// One named figure of an actor's state; a column_value so times stay times (rendered by http).
struct state_field {
  std::string name;
  model::column_value value;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, state_field& x) {
  return f(caf::meta::type_name("state_field"), x.name, x.value);
}

struct entity_report {
  entity_key key;
  std::int64_t activated_at_ms = 0;
  std::int64_t mailbox_depth = 0;  // messages queued behind the inspection when it was handled
  std::int64_t in_flight = 0;      // journal units and exchanges not yet answered
  bool passivating = false;
  std::int64_t version = 0;             // of the actor's own row in memory
  std::int64_t persisted_version = -1;  // committed in the database; -1: no row (yet)
  bool answered = true;  // false: listed as live but did not answer in time (fields empty)
  std::vector<state_field> state;
  std::string node;  // the node hosting the actor (its shard's owner)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, entity_report& x) {
  return f(caf::meta::type_name("entity_report"), x.key, x.activated_at_ms, x.mailbox_depth,
           x.in_flight, x.passivating, x.version, x.persisted_version, x.answered, x.state, x.node);
}

// "product", "option", "user", "coupon", "order".
std::string_view kind_name(entity_kind kind);
// The kind a name means: kind_name()'s names, and "wallet" (user) and "campaign" (coupon).
std::optional<entity_kind> kind_named(std::string_view name);
// The table holding an entity kind's own row.
model::table_id table_of(entity_kind kind);
// What an entity that does not exist answers (PRODUCT_NOT_FOUND, ...).
shop_error not_found_of(entity_kind kind);

// The state each kind reports, from what its actor holds.
std::vector<state_field> describe(const model::product_row& p,
                                  const std::vector<model::option_row>& options);
std::vector<state_field> describe(const model::option_row& o);
std::vector<state_field> describe(const model::user_row& u, std::size_t cart_lines,
                                  std::size_t coupons);
std::vector<state_field> describe(const model::coupon_row& c, std::size_t holders);
std::vector<state_field> describe(const model::order_record& o);

}  // namespace shop
