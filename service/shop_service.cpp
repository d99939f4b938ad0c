#include "service/shop_service.hpp"

namespace shop::service {

void shop_service::next_ids(model::table_id t, std::int64_t n, callback<std::int64_t> done) const {
  ask<std::int64_t>(rt_->ctx.ids, read_timeout,
                    caf::make_message(next_id_atom::value, static_cast<std::uint8_t>(t), n),
                    std::move(done));
}

}  // namespace shop::service
