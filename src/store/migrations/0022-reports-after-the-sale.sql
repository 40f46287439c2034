-- Kasir terminal database, version 22: the report totals are written after the sale.
--
-- A sale's commit wrote three running totals (report_sales, report_payments,
-- report_products): three more encrypted pages, and the costliest statements of the
-- commit, before the cashier saw the receipt. From this version the totals are brought
-- up to the sales committed since by a later transaction (kasir-report-totals.c): a few
-- seconds after the last sale, before a report reads them, and before retention deletes
-- sales. The counter "report_rowid" says how far they go: every sale whose rowid is at
-- most its value is in the totals, no other is. Every sale already here is in them.
INSERT INTO counters (name, value)
  SELECT 'report_rowid', coalesce(max(rowid), 0) FROM sales;
