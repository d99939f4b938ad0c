-- Cluster membership and shard ownership (docs/architecture.md, "Cluster"). A lone node writes
-- these too: it is a cluster of one.
-- The shard count is fixed for the life of the database: a node configured otherwise must not
-- start, or two nodes would map one entity to two shards.
CREATE TABLE cluster_config (
  id TINYINT NOT NULL PRIMARY KEY,
  shard_count INT NOT NULL
) ENGINE=InnoDB;
-- One row per node name. `incarnation` grows at every start under that name; the row belongs to
-- the incarnation written last, so an older process that still runs finds itself fenced. Leases
-- are compared with the database's clock only (NOW(6)), never with a node's.
CREATE TABLE cluster_nodes (
  node_id VARCHAR(255) NOT NULL PRIMARY KEY,
  incarnation BIGINT NOT NULL,
  http_address VARCHAR(255) NOT NULL,
  cluster_address VARCHAR(255) NOT NULL,
  status VARCHAR(16) NOT NULL,
  lease_expires_at DATETIME(6) NOT NULL,
  renewals BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB;
-- One row per shard: its owner (name and incarnation) and an epoch that grows at every change of
-- owner. A journal batch commits only if, in its own transaction, every shard it touches still
-- has this owner at this epoch; `fenced` is bumped by that guard so that it always changes the
-- row (MariaDB counts changed rows, not matched ones).
CREATE TABLE cluster_shards (
  shard INT NOT NULL PRIMARY KEY,
  owner_node VARCHAR(255) NULL,
  owner_incarnation BIGINT NOT NULL DEFAULT 0,
  epoch BIGINT NOT NULL DEFAULT 0,
  fenced BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB;
