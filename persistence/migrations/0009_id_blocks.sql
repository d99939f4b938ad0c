-- Row ids are chosen by the nodes, not by AUTO_INCREMENT (rows are written behind). A node that
-- shares the database with others takes its ids in blocks from this table, so no two nodes hand
-- out the same id: `next_id` is the first id of a table that no node has been given yet.
-- (persistence/id_blocks.cpp; a lone node counts from the highest id it read at start instead.)
CREATE TABLE id_blocks (
  table_id INT NOT NULL PRIMARY KEY,
  next_id BIGINT NOT NULL
) ENGINE=InnoDB;
