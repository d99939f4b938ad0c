// One actor per product: it owns the product row (name, price, on-sale flag, ...) and the list of
// its options; the options' stock lives in their own actors and is gathered for every view.
#pragma once

#include <caf/fwd.hpp>

#include "actors/hosting/entity_context.hpp"

namespace shop {

// Messages (through the entity registry, kind entity_kind::product):
//   (view_atom) -> product_view with live option stock          | PRODUCT_NOT_FOUND
//   (create_atom, product_draft) -> product_view, after commit   (only for a new id)
//   (update_atom, product_changes) -> product_view, after commit
caf::actor spawn_product(caf::local_actor* parent, std::int64_t id, const entity_context& ctx);

}  // namespace shop
