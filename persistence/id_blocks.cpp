#include "persistence/id_blocks.hpp"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <stdexcept>

namespace shop::persistence {
namespace {

constexpr int er_lock_deadlock = 1213;
constexpr int attempts = 3;

std::int64_t reserve_once(sql::Connection& c, int table_id, std::int64_t size, std::int64_t floor) {
  // One upsert instead of SELECT ... FOR UPDATE then INSERT when absent: it takes the row's
  // exclusive lock at once, so two nodes reserving the first block of a table together queue up
  // instead of both holding a shared lock on the new key and deadlocking on the upgrade.
  std::unique_ptr<sql::PreparedStatement> upsert(
      c.prepareStatement("INSERT INTO id_blocks (table_id, next_id) VALUES (?, ?) "
                         "ON DUPLICATE KEY UPDATE next_id = GREATEST(next_id, ?) + ?"));
  upsert->setInt(1, table_id);
  upsert->setInt64(2, floor + 1 + size);
  upsert->setInt64(3, floor + 1);
  upsert->setInt64(4, size);
  upsert->executeUpdate();
  std::unique_ptr<sql::PreparedStatement> read(
      c.prepareStatement("SELECT next_id FROM id_blocks WHERE table_id = ?"));
  read->setInt(1, table_id);
  std::unique_ptr<sql::ResultSet> rows(read->executeQuery());
  if (!rows->next()) throw std::logic_error("id_blocks: the row just written is missing");
  return rows->getInt64(1) - size;  // the row is locked by us until commit: our block ends there
}

}  // namespace

std::int64_t reserve_id_block(sql::Connection& c, int table_id, std::int64_t size,
                              std::int64_t floor) {
  if (size < 1) throw std::invalid_argument("reserve_id_block: size must be at least 1");
  for (int attempt = 1;; ++attempt) {
    c.setAutoCommit(false);
    try {
      auto first = reserve_once(c, table_id, size, floor);
      c.commit();
      c.setAutoCommit(true);
      return first;
    } catch (const sql::SQLException& e) {
      try {
        c.rollback();
        c.setAutoCommit(true);
      } catch (const sql::SQLException&) {
        throw e;  // the connection is gone: the first error says why
      }
      // A deadlock victim was rolled back whole: nothing was reserved, so try again.
      if (e.getErrorCode() != er_lock_deadlock || attempt == attempts) throw;
    }
  }
}

}  // namespace shop::persistence
