-- Kasir terminal database, version 7: what the back office keeps about a product and a
-- category beyond the server's catalog fields.

-- The unit a product is sold in ("pcs", "kg", "cup"), shown in the editor and on lists.
ALTER TABLE products ADD COLUMN unit TEXT NOT NULL DEFAULT 'pcs';
-- 0: the product is not counted (a service, a cup of coffee): no low-stock warning.
ALTER TABLE products ADD COLUMN track_stock INTEGER NOT NULL DEFAULT 1;
-- At or below this many units the product counts as low on stock; -1: the shop's
-- default threshold.
ALTER TABLE products ADD COLUMN low_stock INTEGER NOT NULL DEFAULT -1;

-- The order a manager gave the categories (ties by name).
ALTER TABLE categories ADD COLUMN position INTEGER NOT NULL DEFAULT 0;

-- Reports. A month of a busy till is 18,000 sales of 90,000 lines; summing them at each
-- report took about half a second. These running totals, kept by triggers in the same
-- transaction as the sale, make a month's report read a few thousand rows instead. They
-- are history: the retention prune of old sales leaves them, so old days still report.
--
-- Sales and payments by quarter hour (UTC, "YYYY-MM-DDTHH:MM"): every time zone's
-- midnight falls on a quarter hour, so a local day is a whole number of buckets.
CREATE TABLE report_sales (
  bucket      TEXT    NOT NULL,
  shift_id    TEXT    NOT NULL,
  staff_id    INTEGER NOT NULL,
  sales       INTEGER NOT NULL DEFAULT 0,
  gross       INTEGER NOT NULL DEFAULT 0,
  discount    INTEGER NOT NULL DEFAULT 0,
  net         INTEGER NOT NULL DEFAULT 0,
  tax         INTEGER NOT NULL DEFAULT 0,
  change_due  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, shift_id, staff_id)
) WITHOUT ROWID;

CREATE TABLE report_payments (
  bucket    TEXT    NOT NULL,
  shift_id  TEXT    NOT NULL,
  method    TEXT    NOT NULL,
  sales     INTEGER NOT NULL DEFAULT 0,
  amount    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, shift_id, method)
) WITHOUT ROWID;

-- Products by UTC day, counted in days since 1970-01-01 (a quarter hour would hold nearly
-- one row per line). A report reads the whole UTC days of its span here and the lines of
-- the part days at its edges; one shift's report reads that shift's own lines, which are
-- few. The key is the day and the product only, and no name is copied: a month of a
-- busy till holds about as many rows here as it has lines, so each row is kept small.
-- Names come from the catalog, or from a line when the product is gone.
CREATE TABLE report_products (
  day         INTEGER NOT NULL,
  product_id  INTEGER NOT NULL,
  qty         INTEGER NOT NULL DEFAULT 0,
  total       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, product_id)
) WITHOUT ROWID;

CREATE TRIGGER report_sales_after_insert AFTER INSERT ON sales BEGIN
  INSERT OR IGNORE INTO report_sales (bucket, shift_id, staff_id) VALUES (
    substr(new.created_at, 1, 14) || printf('%02d', CAST(substr(new.created_at, 15, 2) AS INTEGER) / 15 * 15),
    coalesce(new.shift_id, ''), new.staff_id);
  UPDATE report_sales SET sales = sales + 1, gross = gross + new.subtotal,
    discount = discount + new.discount, net = net + new.total, tax = tax + new.tax,
    change_due = change_due + new.change_due
  WHERE bucket = substr(new.created_at, 1, 14) || printf('%02d', CAST(substr(new.created_at, 15, 2) AS INTEGER) / 15 * 15)
    AND shift_id = coalesce(new.shift_id, '') AND staff_id = new.staff_id;
END;

-- Each running total is found by its whole key (the sale's values read as single values),
-- so a sale touches one row of each table, never a scan of a month of them.
CREATE TRIGGER report_payments_after_insert AFTER INSERT ON sale_payments BEGIN
  INSERT OR IGNORE INTO report_payments (bucket, shift_id, method)
    SELECT substr(s.created_at, 1, 14) || printf('%02d', CAST(substr(s.created_at, 15, 2) AS INTEGER) / 15 * 15),
           coalesce(s.shift_id, ''), new.method
    FROM sales s WHERE s.sale_id = new.sale_id;
  UPDATE report_payments SET sales = sales + 1, amount = amount + new.amount
  WHERE bucket = (SELECT substr(created_at, 1, 14) || printf('%02d', CAST(substr(created_at, 15, 2) AS INTEGER) / 15 * 15)
                  FROM sales WHERE sale_id = new.sale_id)
    AND shift_id = (SELECT coalesce(shift_id, '') FROM sales WHERE sale_id = new.sale_id)
    AND method = new.method;
END;

CREATE TRIGGER report_products_after_insert AFTER INSERT ON sale_lines BEGIN
  INSERT OR IGNORE INTO report_products (day, product_id)
    SELECT CAST(strftime('%s', substr(s.created_at, 1, 10)) AS INTEGER) / 86400, new.product_id
    FROM sales s WHERE s.sale_id = new.sale_id;
  UPDATE report_products SET qty = qty + new.qty, total = total + new.total
  WHERE day = (SELECT CAST(strftime('%s', substr(created_at, 1, 10)) AS INTEGER) / 86400
               FROM sales WHERE sale_id = new.sale_id)
    AND product_id = new.product_id;
END;

-- The sales already on the till.
INSERT INTO report_sales
  SELECT substr(created_at, 1, 14) || printf('%02d', CAST(substr(created_at, 15, 2) AS INTEGER) / 15 * 15),
         coalesce(shift_id, ''), staff_id, count(*), sum(subtotal), sum(discount), sum(total),
         sum(tax), sum(change_due)
  FROM sales GROUP BY 1, 2, 3;
INSERT INTO report_payments
  SELECT substr(s.created_at, 1, 14) || printf('%02d', CAST(substr(s.created_at, 15, 2) AS INTEGER) / 15 * 15),
         coalesce(s.shift_id, ''), p.method, count(*), sum(p.amount)
  FROM sales s JOIN sale_payments p ON p.sale_id = s.sale_id GROUP BY 1, 2, 3;
INSERT INTO report_products
  SELECT CAST(strftime('%s', substr(s.created_at, 1, 10)) AS INTEGER) / 86400, l.product_id,
         sum(l.qty), sum(l.total)
  FROM sales s JOIN sale_lines l ON l.sale_id = s.sale_id GROUP BY 1, 2;
