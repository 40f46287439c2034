-- Kasir terminal database, version 24: a sale's lines and payments go at their tables' end.
--
-- sale_lines and sale_payments were keyed by (sale_id, line_no) WITHOUT ROWID. Such a
-- table is a b-tree of keys: when the page a new sale's rows go on is full, SQLite
-- spreads it over three neighbouring pages, and the commit that does so writes four or
-- five pages more than the others (the slowest 1% of bench-checkout-commit). A table
-- keyed by an integer that grows takes one new page at its end instead, and its rows do
-- not repeat the sale's 36-character id.
--
-- Each sale now has a row number of its own ("sale_row", kept from its rowid, so the
-- history pages as before and the report totals' watermark still holds); a line's key is
-- sale_row * 65536 + line_no, a payment's the same (kasir-sale-keys.h). A query finds a
-- sale's lines by that range, never by a full scan. At most 65,535 lines or payments
-- a sale (kasir-sales-repository.c refuses more).
CREATE TABLE sales_new (
  sale_row          INTEGER PRIMARY KEY,
  sale_id           TEXT    NOT NULL UNIQUE,
  receipt_no        TEXT    NOT NULL UNIQUE,
  terminal_id       INTEGER NOT NULL,
  receipt_seq       INTEGER NOT NULL,
  shift_id          TEXT,
  staff_id          INTEGER NOT NULL DEFAULT 0,
  customer_id       INTEGER NOT NULL DEFAULT 0,
  currency          TEXT    NOT NULL,
  tax_inclusive     INTEGER NOT NULL,
  subtotal          INTEGER NOT NULL,
  discount          INTEGER NOT NULL,
  fee               INTEGER NOT NULL,
  tax               INTEGER NOT NULL,
  total             INTEGER NOT NULL,
  change_due        INTEGER NOT NULL,
  loyalty_redeemed  INTEGER NOT NULL,
  created_at        TEXT    NOT NULL,
  loyalty_earned    INTEGER NOT NULL DEFAULT 0,
  open_order_id     TEXT,
  outbox_seq        INTEGER
);
INSERT INTO sales_new (sale_row, sale_id, receipt_no, terminal_id, receipt_seq, shift_id,
                       staff_id, customer_id, currency, tax_inclusive, subtotal, discount,
                       fee, tax, total, change_due, loyalty_redeemed, created_at,
                       loyalty_earned, open_order_id, outbox_seq)
  SELECT rowid, sale_id, receipt_no, terminal_id, receipt_seq, shift_id, staff_id,
         customer_id, currency, tax_inclusive, subtotal, discount, fee, tax, total,
         change_due, loyalty_redeemed, created_at, loyalty_earned, open_order_id, outbox_seq
  FROM sales;

CREATE TABLE sale_lines_new (
  line_key       INTEGER PRIMARY KEY,
  product_id     INTEGER NOT NULL,
  sku            TEXT,
  name           TEXT,
  qty            INTEGER NOT NULL CHECK (qty > 0),
  unit_price     INTEGER NOT NULL,
  price_version  INTEGER NOT NULL,
  tax_rate_bp    INTEGER NOT NULL,
  discount       INTEGER NOT NULL,
  tax            INTEGER NOT NULL,
  total          INTEGER NOT NULL,
  note           TEXT
);
INSERT INTO sale_lines_new (line_key, product_id, sku, name, qty, unit_price, price_version,
                            tax_rate_bp, discount, tax, total, note)
  SELECT s.sale_row * 65536 + l.line_no, l.product_id, l.sku, l.name, l.qty, l.unit_price,
         l.price_version, l.tax_rate_bp, l.discount, l.tax, l.total, l.note
  FROM sale_lines l JOIN sales_new s ON s.sale_id = l.sale_id;

CREATE TABLE sale_payments_new (
  payment_key  INTEGER PRIMARY KEY,
  method       TEXT    NOT NULL,
  amount       INTEGER NOT NULL CHECK (amount > 0),
  reference    TEXT
);
INSERT INTO sale_payments_new (payment_key, method, amount, reference)
  SELECT s.sale_row * 65536 + p.line_no, p.method, p.amount, p.reference
  FROM sale_payments p JOIN sales_new s ON s.sale_id = p.sale_id;

DROP TABLE sale_lines;
DROP TABLE sale_payments;
DROP TABLE sales;
ALTER TABLE sales_new RENAME TO sales;
ALTER TABLE sale_lines_new RENAME TO sale_lines;
ALTER TABLE sale_payments_new RENAME TO sale_payments;
CREATE INDEX sales_created_at ON sales (created_at);
CREATE INDEX sales_shift ON sales (shift_id);
CREATE INDEX sales_customer ON sales (customer_id) WHERE customer_id <> 0;
