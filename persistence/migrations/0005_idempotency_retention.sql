-- Idempotency records answer repeats for 24 hours (API.md); the retention job then deletes them.
-- It finds them by age across all users, which idx_idempotency_user (user first) cannot serve.
ALTER TABLE idempotency_keys ADD KEY idx_idempotency_created (created_at);
