// Applies coalesced row images to the database in one transaction (blocking).
#pragma once

#include <cppconn/prepared_statement.h>

#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "persistence/database.hpp"
#include "persistence/row_image.hpp"

namespace shop::persistence {

class journal_store {
 public:
  explicit journal_store(db_params params);

  // One transaction for all rows. Throws storage_unavailable (nothing known to be written: retry)
  // or row_rejected (the database refused a row; the transaction was rolled back).
  void apply(const std::vector<row_image>& rows);

  // Reconnects if needed and checks the server answers. Throws storage_unavailable.
  void ping();

 private:
  sql::Connection& connection();
  void drop_connection();
  void apply_table(table_id t, const std::vector<const row_image*>& rows);
  // The prepared upsert of `rows` rows (a power of two) or, rows = 0, the delete of one row.
  sql::PreparedStatement& statement(table_id t, std::size_t rows);

  db_params params_;
  std::unique_ptr<sql::Connection> con_;
  // Prepared once per connection: a prepare is a round trip and a parse, on every batch otherwise.
  // Upserts are padded to a power of two rows, so a table needs at most nine of them.
  std::map<std::pair<table_id, std::size_t>, std::unique_ptr<sql::PreparedStatement>> statements_;
};

}  // namespace shop::persistence
