-- Orders (issue 5). `received` is everything an option ever got (initial stock + restocks): its
-- actor derives `stock` and `reserved_stock` at activation from it and the committed orders, so a
-- hold whose order never committed cannot leak across a crash. Until now no order existed, so
-- received = stock + reserved_stock.
ALTER TABLE product_options ADD COLUMN received BIGINT NOT NULL DEFAULT 0;
UPDATE product_options SET received = stock + reserved_stock;
ALTER TABLE order_items ADD KEY idx_items_option (product_option_id);

-- A paid order waiting to go to the external data platform; written in the payment's unit and
-- deleted once delivered. `id` is the order id.
CREATE TABLE order_outbox (
  id BIGINT PRIMARY KEY,
  created_at DATETIME(3) NOT NULL,
  version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Failure log rows are written through the journal like every other row, which needs `version`.
ALTER TABLE transaction_out_failure_log ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
