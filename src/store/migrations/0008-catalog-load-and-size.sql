-- Kasir terminal database, version 8: a faster first catalog load, and a smaller catalog.

-- A till's first catalog is loaded without the products table's indexes and full-text
-- triggers, which are built once at the end (kasir-catalog-bulk-load.c). Kept here while
-- that load runs: the definition of each index and trigger set aside, so that finishing
-- it (or recovering after a crash in the middle) recreates exactly what the migrations
-- made.
CREATE TABLE catalog_deferred (
  name  TEXT NOT NULL PRIMARY KEY,
  type  TEXT NOT NULL,
  sql   TEXT NOT NULL
);

-- A product's primary barcode row always carries the product's own barcode (both are
-- written together from the server's row, and nothing else changes either), so it is
-- found by its code, from products.barcode: only the extra codes (few) need an index by
-- product. On 100,000 products the index of every code by product was 2 MB. Rows that
-- do not hold (none are expected) would only be stale codes: they go.
DELETE FROM barcodes WHERE is_primary = 1 AND NOT EXISTS (
  SELECT 1 FROM products p WHERE p.id = barcodes.product_id AND p.barcode = barcodes.code);
DROP INDEX barcodes_product;
CREATE INDEX barcodes_extra_product ON barcodes (product_id) WHERE is_primary = 0;
