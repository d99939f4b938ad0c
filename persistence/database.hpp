// Connections to MariaDB/MySQL through Connector/C++ 1.1 (blocking, JDBC-style).
#pragma once

#include <cppconn/connection.h>
#include <cppconn/exception.h>

#include <memory>

#include "persistence/db_params.hpp"

namespace shop::persistence {

// Must run once, on the main thread, before any connect (the driver's init is not thread-safe).
void init_driver();

// Opens a session in UTC with autocommit on. Throws sql::SQLException.
std::unique_ptr<sql::Connection> connect(const db_params& p);

// True when the error means "the server is unreachable or the session is gone" (retry later),
// false when the statement itself was refused (retrying cannot help).
bool is_connection_error(const sql::SQLException& e);

// Per-thread setup that Connector/C++ wants on threads other than the one that made the driver.
struct db_thread_scope {
  db_thread_scope();
  ~db_thread_scope();
};

}  // namespace shop::persistence
