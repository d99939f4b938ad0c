-- The first answer to a request sent with an Idempotency-Key, stored in the same transaction as
-- the change it describes. Not unique on (user_id, idem_key): a key may be used again after 24 hours,
-- and the owning actor already serializes the requests of one user.
CREATE TABLE idempotency_keys (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  idem_key VARCHAR(64) NOT NULL,
  request VARCHAR(255) NOT NULL,
  response MEDIUMTEXT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  version BIGINT NOT NULL,
  KEY idx_idempotency_user (user_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
