// Applies coalesced row images to the database in one transaction (blocking).
#pragma once

#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "model/row_image.hpp"
#include "persistence/database.hpp"

namespace shop::persistence {

// Persistence stores and loads the values of model/.
using namespace model;

// Thrown inside persistence only; never crosses an actor boundary (the writer answers with
// model::storage_error instead).
struct storage_unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct row_rejected : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A claimed shard has another owner or epoch now (the fence): rolled back, nothing written.
struct batch_fenced : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class journal_store {
 public:
  explicit journal_store(db_params params);

  // One transaction for all rows and sales, committed only if every claim still holds (checked
  // first, in the same transaction). Throws storage_unavailable (nothing known to be written:
  // retry), row_rejected (the database refused a row) or batch_fenced; both roll back.
  void apply(const std::vector<row_image>& rows, const std::vector<sale>& sales = {},
             const std::vector<shard_claim>& claims = {});

  // sales_fold.hpp, with the errors mapped as apply's are.
  std::int64_t fold_sales();

  // Reconnects if needed and checks the server answers. Throws storage_unavailable.
  void ping();

 private:
  sql::Connection& connection();
  void drop_connection();
  // Maps a failed statement: storage_unavailable if the session is gone, otherwise rolls back and
  // throws row_rejected.
  [[noreturn]] void fail(const sql::SQLException& e);

  db_params params_;
  std::unique_ptr<sql::Connection> con_;
  std::unique_ptr<sql::Statement> statement_;  // one per connection, for the batch scripts
};

}  // namespace shop::persistence
