-- Popularity snapshots (US-003). A header row per batch run, so a run that found no sales is
-- still a snapshot (an empty one) and "no snapshot yet" stays a state of its own. Ranked products
-- stay in product_popularity_snapshot (0001), now tied to their header and versioned, since the
-- journal writes them like every other row.
CREATE TABLE popularity_snapshots (
  id BIGINT PRIMARY KEY,
  as_of DATETIME(3) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  product_count INT NOT NULL,
  version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

ALTER TABLE product_popularity_snapshot
  ADD COLUMN snapshot_id BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN version BIGINT NOT NULL DEFAULT 1,
  ADD KEY idx_snapshot_rank (snapshot_id, product_rank);
