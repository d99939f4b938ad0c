#include "tests/support/test_database.hpp"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <cstdlib>
#include <vector>

#include "persistence/migrations.hpp"

namespace shop::test {
namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace

persistence::db_params test_db_params() {
  persistence::db_params p;
  p.host = env_or("SHOP_DB_HOST", "127.0.0.1");
  p.port = static_cast<std::uint16_t>(std::stoi(env_or("SHOP_DB_PORT", "3308")));
  p.user = env_or("SHOP_DB_USER", "shop");
  p.password = env_or("SHOP_DB_PASSWORD", "shop");
  p.name = env_or("SHOP_DB_NAME", "shop_test");
  return p;
}

std::unique_ptr<sql::Connection> test_connection() {
  persistence::init_driver();
  return persistence::connect(test_db_params());
}

void reset_database() {
  auto con = test_connection();
  std::unique_ptr<sql::Statement> st(con->createStatement());
  std::vector<std::string> tables;
  {
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"));
    while (rs->next()) tables.push_back(rs->getString(1));
  }
  for (const auto& t : tables) st->execute("DROP TABLE IF EXISTS `" + t + "`");
}

void migrated_database() {
  reset_database();
  persistence::migrate(*test_connection());
}

std::int64_t query_int(const std::string& sql) {
  auto con = test_connection();
  std::unique_ptr<sql::Statement> st(con->createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
  return rs->next() ? rs->getInt64(1) : 0;
}

std::optional<std::string> query_text(const std::string& sql) {
  auto con = test_connection();
  std::unique_ptr<sql::Statement> st(con->createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
  if (!rs->next()) return std::nullopt;
  return std::string(rs->getString(1));
}

void execute(const std::string& sql) {
  auto con = test_connection();
  std::unique_ptr<sql::Statement> st(con->createStatement());
  st->execute(sql);
}

}  // namespace shop::test
