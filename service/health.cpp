#include "service/health.hpp"

#include "model/reader_protocol.hpp"

namespace shop::service {

void database_ready(const shop_service& s, callback<caf::ok_atom> done) {
  s.read(std::chrono::seconds(2), std::move(done), model::ping_atom::value);
}

}  // namespace shop::service
