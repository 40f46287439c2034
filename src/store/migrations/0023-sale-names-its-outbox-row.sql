-- Kasir terminal database, version 23: a sale names its own outbox row.
--
-- Each sale added a key to the outbox's index by entity, one more encrypted page in its
-- commit, only so that the history, retention and the shift report could find the
-- sale's own sale.create row by the sale's id. The sale now keeps that row's seq
-- (NULL once it was acknowledged and pruned, or for a sale that never had one), and the
-- index holds only the other mutations (a refund names its sale there). A query that
-- wants those says "type <> 'sale.create'" as well, so that SQLite may use it.
ALTER TABLE sales ADD COLUMN outbox_seq INTEGER;
UPDATE sales SET outbox_seq = (SELECT o.seq FROM outbox o
                               WHERE o.entity_id = sales.sale_id AND o.type = 'sale.create');
DROP INDEX outbox_entity;
CREATE INDEX outbox_entity ON outbox (entity_id) WHERE type <> 'sale.create';
