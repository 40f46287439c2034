-- Kasir terminal database, version 5: smaller, and fewer pages written per sale and per
-- pulled product. A till with 100,000 products and a month of sales was about 54 MB.

-- Nothing looks outbox_log up by entity (only by seq, its key), yet every sale wrote a
-- page of this index: 0.9 MB a month.
DROP INDEX outbox_log_entity;

-- The full-text index of product names and SKUs, rebuilt smaller and cheaper to write.
--
-- Prefix indexes for one and two characters only: a longer prefix ("kop*") is found from
-- the terms that start with it, few enough to stay well under a millisecond, while one or
-- two letters match so many terms that they need their own index. And no per-document
-- sizes (matchinfo=fts3): only ranking would read them, and search sorts by name. On a
-- 100,000-product catalog the index shrinks from about 16 MB to 9 MB, and each product
-- written updates three index trees instead of five.

DROP TRIGGER products_fts_before_update;
DROP TRIGGER products_fts_before_delete;
DROP TRIGGER products_fts_after_update;
DROP TRIGGER products_fts_after_insert;
DROP TABLE products_fts;

CREATE VIRTUAL TABLE products_fts USING fts4 (
  content="products", name, sku, tokenize=unicode61 "remove_diacritics=1",
  prefix="1,2", matchinfo=fts3
);
CREATE TRIGGER products_fts_before_update BEFORE UPDATE ON products BEGIN
  DELETE FROM products_fts WHERE docid = old.id;
END;
CREATE TRIGGER products_fts_before_delete BEFORE DELETE ON products BEGIN
  DELETE FROM products_fts WHERE docid = old.id;
END;
CREATE TRIGGER products_fts_after_update AFTER UPDATE ON products BEGIN
  INSERT INTO products_fts (docid, name, sku) VALUES (new.id, new.name, new.sku);
END;
CREATE TRIGGER products_fts_after_insert AFTER INSERT ON products BEGIN
  INSERT INTO products_fts (docid, name, sku) VALUES (new.id, new.name, new.sku);
END;

INSERT INTO products_fts (products_fts) VALUES ('rebuild');
