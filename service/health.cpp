#include "service/health.hpp"

#include "model/reader_protocol.hpp"

namespace shop::service {

void database_ready(const shop_service& s, callback<caf::ok_atom> done) {
  s.ask<caf::ok_atom>(s.runtime().ctx.readers, std::chrono::seconds(2),
                      caf::make_message(model::ping_atom::value), std::move(done));
}

}  // namespace shop::service
