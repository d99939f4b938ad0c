#include "persistence/database.hpp"

#include <cppconn/statement.h>
#include <mysql_driver.h>

namespace shop::persistence {

void init_driver() {
  sql::mysql::get_mysql_driver_instance();
}

std::unique_ptr<sql::Connection> connect(const db_params& p) {
  sql::ConnectOptionsMap opts;
  opts["hostName"] = sql::SQLString("tcp://" + p.host + ":" + std::to_string(p.port));
  opts["userName"] = sql::SQLString(p.user);
  opts["password"] = sql::SQLString(p.password);
  opts["schema"] = sql::SQLString(p.name);
  opts["OPT_CONNECT_TIMEOUT"] = 3;
  opts["OPT_READ_TIMEOUT"] = 30;
  opts["OPT_WRITE_TIMEOUT"] = 30;
  opts["OPT_RECONNECT"] = false;  // a silent reconnect would hide a lost transaction
  opts["CLIENT_MULTI_STATEMENTS"] = true;
  std::unique_ptr<sql::Connection> con(sql::mysql::get_mysql_driver_instance()->connect(opts));
  std::unique_ptr<sql::Statement> st(con->createStatement());
  st->execute("SET time_zone = '+00:00'");
  // The journal's unique-key guard sets id to NULL to refuse a row; only strict mode makes that an
  // error rather than a silent 0.
  st->execute(
      "SET SESSION sql_mode = IF(@@SESSION.sql_mode = '', 'STRICT_TRANS_TABLES', "
      "CONCAT(@@SESSION.sql_mode, ',STRICT_TRANS_TABLES'))");
  st->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
  con->setAutoCommit(true);
  return con;
}

bool is_connection_error(const sql::SQLException& e) {
  // 2000..2999 are client-side errors (CR_*): cannot connect, server gone, lost connection.
  // 1040 too many connections, 1053 server shutdown, 1927 connection killed, 0 = driver-level.
  int code = e.getErrorCode();
  return (code >= 2000 && code < 3000) || code == 1040 || code == 1053 || code == 1927 || code == 0;
}

db_thread_scope::db_thread_scope() {
  sql::mysql::get_mysql_driver_instance()->threadInit();
}
db_thread_scope::~db_thread_scope() {
  sql::mysql::get_mysql_driver_instance()->threadEnd();
}

}  // namespace shop::persistence
