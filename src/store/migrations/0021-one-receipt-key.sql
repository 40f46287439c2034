-- Kasir terminal database, version 21: a sale writes two pages fewer.
--
-- Every index a sale's transaction adds a key to is one more encrypted page written and
-- synced before the cashier sees the receipt (bench-checkout-commit prints them).
--
-- "sales" is rebuilt without its UNIQUE (terminal_id, receipt_seq): the receipt number
-- is made of the two ("<terminal>-<seq>", kasir_sales_repository_format_receipt_no) and
-- is unique itself, so that second unique index only repeated it. The rows keep their
-- rowids (the history pages by them). The migration runs with foreign keys off, so
-- dropping the old table does not delete the rows of sale_orders and sale_line_options
-- that point at it, and is checked for dangling references before it commits
-- (kasir-database.c).
CREATE TABLE sales_new (
  sale_id           TEXT    PRIMARY KEY,
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
  open_order_id     TEXT
);
INSERT INTO sales_new (rowid, sale_id, receipt_no, terminal_id, receipt_seq, shift_id,
                       staff_id, customer_id, currency, tax_inclusive, subtotal, discount,
                       fee, tax, total, change_due, loyalty_redeemed, created_at,
                       loyalty_earned, open_order_id)
  SELECT rowid, sale_id, receipt_no, terminal_id, receipt_seq, shift_id, staff_id,
         customer_id, currency, tax_inclusive, subtotal, discount, fee, tax, total,
         change_due, loyalty_redeemed, created_at, loyalty_earned, open_order_id
  FROM sales;
DROP TABLE sales;
ALTER TABLE sales_new RENAME TO sales;
CREATE INDEX sales_created_at ON sales (created_at);
CREATE INDEX sales_shift ON sales (shift_id);

-- Sales by customer: only the sales that have one. Most sales are to no one in
-- particular (customer_id 0), and each of them added a key here. A query by customer
-- says "customer_id <> 0" as well, so that SQLite may use this partial index.
CREATE INDEX sales_customer ON sales (customer_id) WHERE customer_id <> 0;
