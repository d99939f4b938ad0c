// Where the database is. Apart from database.hpp so that spawning a reader or the journal does not
// compile against the driver.
#pragma once

#include <cstdint>
#include <string>

namespace shop::persistence {

struct db_params {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3306;
  std::string user = "shop";
  std::string password = "shop";
  std::string name = "shop";
};

}  // namespace shop::persistence
