-- Kasir terminal database: refunds made on this till (sale.refund). Each refund line names
-- the sale line it gives back, so that a line is never refunded past what was sold, and
-- whether its goods went back into stock or were written off (damaged). The outbox row
-- that carries the refund to the server is written in the same transaction.
-- (A sale kept no longer than the retention takes its refunds along; see
-- kasir-sales-retention.c.)

CREATE TABLE refunds (
  refund_id    TEXT    PRIMARY KEY,
  sale_id      TEXT    NOT NULL,
  shift_id     TEXT,
  staff_id     INTEGER NOT NULL DEFAULT 0,
  approved_by  INTEGER NOT NULL DEFAULT 0,
  reason       TEXT    NOT NULL DEFAULT '',
  total        INTEGER NOT NULL CHECK (total >= 0),
  created_at   TEXT    NOT NULL
);
CREATE INDEX refunds_sale ON refunds (sale_id);
CREATE INDEX refunds_shift ON refunds (shift_id);

CREATE TABLE refund_lines (
  refund_id     TEXT    NOT NULL REFERENCES refunds (refund_id),
  line_no       INTEGER NOT NULL,
  sale_line_no  INTEGER NOT NULL,
  product_id    INTEGER NOT NULL,
  qty           INTEGER NOT NULL CHECK (qty > 0),
  amount        INTEGER NOT NULL CHECK (amount >= 0),
  write_off     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (refund_id, line_no)
) WITHOUT ROWID;

CREATE TABLE refund_payments (
  refund_id  TEXT    NOT NULL REFERENCES refunds (refund_id),
  line_no    INTEGER NOT NULL,
  method     TEXT    NOT NULL,
  amount     INTEGER NOT NULL CHECK (amount > 0),
  PRIMARY KEY (refund_id, line_no)
) WITHOUT ROWID;

-- Reprints of a receipt (marked as a copy), who asked for each and when.
CREATE TABLE sale_reprints (
  sale_id     TEXT    NOT NULL,
  staff_id    INTEGER NOT NULL DEFAULT 0,
  printed_at  TEXT    NOT NULL
);
CREATE INDEX sale_reprints_sale ON sale_reprints (sale_id);
