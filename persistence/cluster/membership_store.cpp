#include "persistence/cluster/membership_store.hpp"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <string>

namespace shop::persistence::cluster {
namespace {

using stmt_ptr = std::unique_ptr<sql::PreparedStatement>;
using rows_ptr = std::unique_ptr<sql::ResultSet>;

stmt_ptr prepare(sql::Connection& c, const char* sql) {
  return stmt_ptr(c.prepareStatement(sql));
}

// One transaction around `body`; rolled back if it throws.
template <class F>
auto in_transaction(sql::Connection& c, F&& body) {
  c.setAutoCommit(false);
  try {
    auto result = body();
    c.commit();
    c.setAutoCommit(true);
    return result;
  } catch (...) {
    try {
      c.rollback();
      c.setAutoCommit(true);
    } catch (...) {
      // The connection is gone; the caller's error says so.
    }
    throw;
  }
}

}  // namespace

void ensure_shard_count(sql::Connection& c, std::uint32_t configured) {
  in_transaction(c, [&] {
    auto insert = prepare(c, "INSERT IGNORE INTO cluster_config (id, shard_count) VALUES (1, ?)");
    insert->setInt(1, static_cast<std::int32_t>(configured));
    const bool first = insert->executeUpdate() == 1;
    auto read = prepare(c, "SELECT shard_count FROM cluster_config WHERE id = 1 FOR UPDATE");
    rows_ptr rows(read->executeQuery());
    rows->next();
    const auto stored = static_cast<std::uint32_t>(rows->getInt(1));
    if (stored != configured)
      throw shard_count_mismatch("the database is set up for " + std::to_string(stored) +
                                 " shards, this node for " + std::to_string(configured) +
                                 " (the count is fixed for the life of a database)");
    if (!first) return true;  // the shard rows came with the count
    auto fill = prepare(c, "INSERT INTO cluster_shards (shard) VALUES (?)");
    for (std::uint32_t s = 0; s < configured; ++s) {
      fill->setInt(1, static_cast<std::int32_t>(s));
      fill->executeUpdate();
    }
    return true;
  });
}

std::int64_t register_node(sql::Connection& c, const node_address& self, std::int64_t lease_ms) {
  return in_transaction(c, [&] {
    auto upsert = prepare(c,
                          "INSERT INTO cluster_nodes (node_id, incarnation, http_address, "
                          "cluster_address, status, lease_expires_at) VALUES (?, 1, ?, ?, 'UP', "
                          "NOW(6) + INTERVAL ? MICROSECOND) ON DUPLICATE KEY UPDATE "
                          "incarnation = incarnation + 1, http_address = VALUES(http_address), "
                          "cluster_address = VALUES(cluster_address), status = 'UP', "
                          "lease_expires_at = VALUES(lease_expires_at), renewals = 0");
    upsert->setString(1, self.node_id);
    upsert->setString(2, self.http_address);
    upsert->setString(3, self.cluster_address);
    upsert->setInt64(4, lease_ms * 1000);
    upsert->executeUpdate();
    auto read = prepare(c, "SELECT incarnation FROM cluster_nodes WHERE node_id = ?");
    read->setString(1, self.node_id);
    rows_ptr rows(read->executeQuery());
    rows->next();
    const std::int64_t incarnation = rows->getInt64(1);
    auto fence_old = prepare(c,
                             "UPDATE cluster_shards SET owner_incarnation = ?, epoch = epoch + 1 "
                             "WHERE owner_node = ? AND owner_incarnation <> ?");
    fence_old->setInt64(1, incarnation);
    fence_old->setString(2, self.node_id);
    fence_old->setInt64(3, incarnation);
    fence_old->executeUpdate();
    return incarnation;
  });
}

bool renew_lease(sql::Connection& c, const std::string& node_id, std::int64_t incarnation,
                 std::int64_t lease_ms) {
  // `renewals` changes on every call, so a renewal within one microsecond still counts a row.
  auto renew = prepare(c,
                       "UPDATE cluster_nodes SET lease_expires_at = NOW(6) + INTERVAL ? "
                       "MICROSECOND, renewals = renewals + 1 WHERE node_id = ? AND incarnation = "
                       "? AND status <> 'DEAD' AND lease_expires_at > NOW(6)");
  renew->setInt64(1, lease_ms * 1000);
  renew->setString(2, node_id);
  renew->setInt64(3, incarnation);
  return renew->executeUpdate() == 1;
}

bool mark_leaving(sql::Connection& c, const std::string& node_id, std::int64_t incarnation) {
  auto leave = prepare(c,
                       "UPDATE cluster_nodes SET status = 'LEAVING', renewals = renewals + 1 "
                       "WHERE node_id = ? AND incarnation = ? AND status <> 'DEAD'");
  leave->setString(1, node_id);
  leave->setInt64(2, incarnation);
  return leave->executeUpdate() == 1;
}

std::vector<node_record> read_nodes(sql::Connection& c) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  rows_ptr rows(st->executeQuery(
      "SELECT node_id, http_address, cluster_address, incarnation, "
      "IF(lease_expires_at > NOW(6), status, 'DEAD'), "
      "CAST(UNIX_TIMESTAMP(lease_expires_at) * 1000 AS SIGNED) FROM cluster_nodes ORDER BY "
      "node_id"));
  std::vector<node_record> out;
  while (rows->next()) {
    node_record n;
    n.address = {rows->getString(1), rows->getString(2), rows->getString(3)};
    n.incarnation = rows->getInt64(4);
    n.status = rows->getString(5);
    n.lease_expires_at_ms = rows->getInt64(6);
    out.push_back(std::move(n));
  }
  return out;
}

std::vector<shard_record> read_shards(sql::Connection& c) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  rows_ptr rows(st->executeQuery(
      "SELECT shard, COALESCE(owner_node, ''), owner_incarnation, epoch FROM cluster_shards "
      "ORDER BY shard"));
  std::vector<shard_record> out;
  while (rows->next())
    out.push_back({static_cast<std::uint32_t>(rows->getInt(1)), rows->getString(2),
                   rows->getInt64(3), rows->getInt64(4)});
  return out;
}

std::optional<std::int64_t> take_shard(sql::Connection& c, std::uint32_t shard,
                                       std::int64_t expected_epoch, const std::string& to_node,
                                       std::int64_t to_incarnation) {
  auto take = prepare(c,
                      "UPDATE cluster_shards s LEFT JOIN cluster_nodes n ON n.node_id = "
                      "s.owner_node SET s.owner_node = ?, s.owner_incarnation = ?, s.epoch = "
                      "s.epoch + 1 WHERE s.shard = ? AND s.epoch = ? AND (s.owner_node IS NULL "
                      "OR n.node_id IS NULL OR n.lease_expires_at <= NOW(6) OR n.status = "
                      "'DEAD' OR n.incarnation <> s.owner_incarnation)");
  take->setString(1, to_node);
  take->setInt64(2, to_incarnation);
  take->setInt(3, static_cast<std::int32_t>(shard));
  take->setInt64(4, expected_epoch);
  if (take->executeUpdate() != 1) return std::nullopt;
  return expected_epoch + 1;
}

bool release_shard(sql::Connection& c, std::uint32_t shard, const std::string& node,
                   std::int64_t incarnation, std::int64_t epoch) {
  auto release = prepare(c,
                         "UPDATE cluster_shards SET owner_node = NULL, owner_incarnation = 0, "
                         "epoch = epoch + 1 WHERE shard = ? AND owner_node = ? AND "
                         "owner_incarnation = ? AND epoch = ?");
  release->setInt(1, static_cast<std::int32_t>(shard));
  release->setString(2, node);
  release->setInt64(3, incarnation);
  release->setInt64(4, epoch);
  return release->executeUpdate() == 1;
}

std::int64_t fence_node(sql::Connection& c, const std::string& node) {
  auto fence = prepare(c, "UPDATE cluster_shards SET epoch = epoch + 1 WHERE owner_node = ?");
  fence->setString(1, node);
  return fence->executeUpdate();
}

bool holds_all(sql::Connection& c, const std::vector<model::shard_claim>& claims) {
  if (claims.empty()) return true;
  std::string sql =
      "UPDATE cluster_shards SET fenced = fenced + 1 WHERE owner_node IS NOT NULL AND (shard, "
      "epoch) IN (";
  for (std::size_t i = 0; i < claims.size(); ++i) sql += i == 0 ? "(?, ?)" : ", (?, ?)";
  sql += ")";
  auto guard = prepare(c, sql.c_str());
  int i = 1;
  for (const auto& h : claims) {
    guard->setInt(i++, static_cast<std::int32_t>(h.shard));
    guard->setInt64(i++, h.epoch);
  }
  return guard->executeUpdate() == static_cast<int>(claims.size());
}

}  // namespace shop::persistence::cluster
