-- Kasir terminal database, version 1: catalog, sales, outbox, sync state, cart, settings.
-- Runs inside one transaction; kasir-database.c sets PRAGMA user_version afterwards.
-- Money columns hold integer minor units. Times are RFC 3339 UTC text.

CREATE TABLE categories (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL,
  parent_id   INTEGER NOT NULL DEFAULT 0,
  archived    INTEGER NOT NULL DEFAULT 0,
  version     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE products (
  id             INTEGER PRIMARY KEY,
  sku            TEXT    NOT NULL,
  barcode        TEXT,
  name           TEXT    NOT NULL,
  price          INTEGER NOT NULL CHECK (price >= 0),
  price_version  INTEGER NOT NULL DEFAULT 0,
  tax_rate_bp    INTEGER NOT NULL DEFAULT 0,
  category_id    INTEGER NOT NULL DEFAULT 0,
  archived       INTEGER NOT NULL DEFAULT 0,
  version        INTEGER NOT NULL DEFAULT 0
);
-- SKUs are unique on the server, but a pull page may swap two SKUs between products, so
-- the local index does not enforce uniqueness.
CREATE INDEX products_sku ON products (sku);
CREATE INDEX products_category_name ON products (category_id, name);
CREATE INDEX products_name ON products (name);

-- Full-text index over the product names and SKUs, kept in step by triggers. External
-- content keeps the text stored once. unicode61 folds case and diacritics ("cafe" finds
-- "Café"). Prefix indexes for 1-4 characters make the type-ahead search (every word a
-- prefix term) read one short list instead of merging every term that starts alike.
CREATE VIRTUAL TABLE products_fts USING fts4 (
  content="products", name, sku, tokenize=unicode61 "remove_diacritics=1",
  prefix="1,2,3,4"
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

-- Every code that can be scanned for a product. is_primary marks the one that mirrors
-- products.barcode, replaced when the server changes it; extra codes stay.
CREATE TABLE barcodes (
  code        TEXT    PRIMARY KEY,
  product_id  INTEGER NOT NULL,
  is_primary  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX barcodes_product ON barcodes (product_id);

CREATE TABLE stock (
  product_id  INTEGER NOT NULL,
  outlet_id   INTEGER NOT NULL,
  qty         INTEGER NOT NULL,
  PRIMARY KEY (product_id, outlet_id)
) WITHOUT ROWID;

CREATE TABLE sales (
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
  UNIQUE (terminal_id, receipt_seq)
);
CREATE INDEX sales_created_at ON sales (created_at);

CREATE TABLE sale_lines (
  sale_id        TEXT    NOT NULL REFERENCES sales (sale_id),
  line_no        INTEGER NOT NULL,
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
  PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

CREATE TABLE sale_payments (
  sale_id    TEXT    NOT NULL REFERENCES sales (sale_id),
  line_no    INTEGER NOT NULL,
  method     TEXT    NOT NULL,
  amount     INTEGER NOT NULL CHECK (amount > 0),
  reference  TEXT,
  PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

-- The last receipt number handed out per terminal id. Taken and bumped inside the sale's
-- own transaction, so a rolled-back sale leaves no gap.
CREATE TABLE receipt_counters (
  terminal_id  INTEGER PRIMARY KEY,
  last_no      INTEGER NOT NULL
);

-- Named counters; "outbox_seq" is the last outbox seq handed out. A counter rather than
-- MAX(seq) + 1 so that pruning acknowledged rows never reuses a number.
CREATE TABLE counters (
  name   TEXT    PRIMARY KEY,
  value  INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('outbox_seq', 0);

CREATE TABLE outbox (
  seq         INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE,
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
CREATE INDEX outbox_state ON outbox (state, seq);
CREATE INDEX outbox_entity ON outbox (entity_id);

CREATE TABLE sync_state (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  cursor          INTEGER NOT NULL DEFAULT 0,
  last_acked_seq  INTEGER NOT NULL DEFAULT 0,
  terminal_id     INTEGER NOT NULL DEFAULT 0,
  outlet_id       INTEGER NOT NULL DEFAULT 0,
  server_url      TEXT
);
INSERT INTO sync_state (id) VALUES (1);

-- The cart on the till, as kasir_cart_to_json() writes it; one row at most.
CREATE TABLE cart (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  json        TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL
);

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
