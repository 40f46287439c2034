-- Kasir terminal database, version 10: the sync log no longer holds a row per sale.
--
-- outbox_log leads a conflict the server raised against (terminal, seq) back to the
-- change that seq carried. A sale needs no such row: every conflict a sale raises names
-- the sale's id, and the sale keeps its own rows. A month of a busy till's sales held
-- 1.4 MB of these rows (seq, type, the sale's id and time), in every sale's commit.
DELETE FROM outbox_log WHERE type = 'sale.create';
DROP TRIGGER outbox_log_after_insert;
CREATE TRIGGER outbox_log_after_insert AFTER INSERT ON outbox
WHEN new.type <> 'sale.create' BEGIN
  INSERT OR REPLACE INTO outbox_log (seq, type, entity_id, payload, created_at)
  VALUES (new.seq, new.type, new.entity_id, new.payload, new.created_at);
END;
