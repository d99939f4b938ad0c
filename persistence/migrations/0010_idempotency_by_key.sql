-- A user's actor keeps only its newest records in memory and reads an older one by its key
-- (persistence/receipt_queries.cpp), and its activation reads only keys and times. One index
-- serves both, in place of (user_id, created_at), so a record's write updates no more indexes.
ALTER TABLE idempotency_keys DROP KEY idx_idempotency_user,
  ADD KEY idx_idempotency_user_key (user_id, idem_key, created_at);
