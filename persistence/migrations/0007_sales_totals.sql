-- Units sold per option, so the catalog's popular sort and an option's activation read totals
-- instead of every paid order line ever written. The journal adds one row per (batch, option)
-- with the units that batch's payments sold (batch 0 is the folded total); a fold sums older
-- batches into batch 0 (persistence/sales_fold.cpp). Starts from the paid orders so far.
CREATE TABLE option_sales (
  option_id BIGINT NOT NULL,
  batch BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  sold BIGINT NOT NULL,
  PRIMARY KEY (option_id, batch)
) ENGINE=InnoDB;
INSERT INTO option_sales (option_id, batch, product_id, sold)
  SELECT i.product_option_id, 0, MIN(i.product_id), SUM(i.quantity)
  FROM order_items i JOIN orders o ON o.id = i.order_id
  WHERE o.status = 'PAID' GROUP BY i.product_option_id;
