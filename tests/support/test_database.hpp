// The real MariaDB that scripts/test.sh starts, as tests see it.
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "persistence/database.hpp"

namespace shop::test {

// From SHOP_DB_HOST/PORT/USER/PASSWORD/NAME (defaults: 127.0.0.1:3308 shop/shop shop_test).
persistence::db_params test_db_params();

std::unique_ptr<sql::Connection> test_connection();

// Drops every table of the test database, so the next user migrates from scratch.
void reset_database();

// reset_database(), then every migration: the tables as a fresh start leaves them.
void migrated_database();

// Runs a query returning one integer (first column of the first row; 0 when no row).
std::int64_t query_int(const std::string& sql);

// Runs a query returning one text (first column of the first row; nullopt when no row).
std::optional<std::string> query_text(const std::string& sql);

void execute(const std::string& sql);

}  // namespace shop::test
