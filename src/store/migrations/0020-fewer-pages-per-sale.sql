-- Kasir terminal database, version 20: a sale writes fewer pages.
--
-- Every table and index a sale's transaction changes is at least one encrypted page in
-- the WAL, written and synced before the cashier sees the receipt. This version takes
-- away three of them that guarded nothing or could share a page.

-- The receipt numbers join the outbox seq in "counters": both rows sit on one page, so a
-- sale bumps one counter page instead of two. A terminal id's receipt counter is named
-- 'receipt_no:' followed by the id. Taken and bumped inside the sale's own transaction as
-- before, so a rolled-back sale leaves no gap.
INSERT INTO counters (name, value)
  SELECT 'receipt_no:' || terminal_id, last_no FROM receipt_counters;
DROP TABLE receipt_counters;

-- The report totals are written by the sale's commit itself (kasir-sales-repository.c),
-- one statement per table for the whole sale, in the same transaction: the triggers
-- looked the sale up again for every line and payment.
DROP TRIGGER report_sales_after_insert;
DROP TRIGGER report_payments_after_insert;
DROP TRIGGER report_products_after_insert;

-- The outbox without the unique index on its mutation id: the id is a fresh UUID made
-- here for each row and nothing looks a row up by it (the server keys a terminal's
-- mutations by seq, the outbox's own key), yet each sale added a key to that index.
CREATE TABLE outbox_new (
  seq         INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  entity_id   TEXT,
  payload     TEXT    NOT NULL,
  created_at  TEXT    NOT NULL,
  state       TEXT    NOT NULL DEFAULT 'pending'
              CHECK (state IN ('pending', 'in_flight', 'acked', 'rejected')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  result      TEXT
);
INSERT INTO outbox_new (seq, id, type, entity_id, payload, created_at, state, attempts,
                        last_error, result)
  SELECT seq, id, type, entity_id, payload, created_at, state, attempts, last_error, result
  FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_state ON outbox (state, seq);
CREATE INDEX outbox_entity ON outbox (entity_id);
CREATE TRIGGER outbox_log_after_insert AFTER INSERT ON outbox
WHEN new.type <> 'sale.create' BEGIN
  INSERT OR REPLACE INTO outbox_log (seq, type, entity_id, payload, created_at)
  VALUES (new.seq, new.type, new.entity_id, new.payload, new.created_at);
END;
