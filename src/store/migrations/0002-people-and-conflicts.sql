-- Kasir terminal database, version 2: customers, staff, shifts and server conflicts, as
-- pulled from the server (shifts are also opened here offline).

CREATE TABLE customers (
  id              INTEGER PRIMARY KEY,
  name            TEXT    NOT NULL,
  phone           TEXT,
  email           TEXT,
  loyalty_points  INTEGER NOT NULL DEFAULT 0,
  version         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customers_phone ON customers (phone);

-- pin_hash is a libsodium crypto_pwhash_str string; the file itself is encrypted.
CREATE TABLE staff (
  id         INTEGER PRIMARY KEY,
  outlet_id  INTEGER NOT NULL,
  name       TEXT    NOT NULL,
  role       TEXT    NOT NULL CHECK (role IN ('cashier', 'manager')),
  pin_hash   TEXT    NOT NULL,
  active     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE shifts (
  id             TEXT    PRIMARY KEY,
  outlet_id      INTEGER NOT NULL,
  terminal_id    INTEGER NOT NULL,
  staff_id       INTEGER NOT NULL,
  opened_at      TEXT    NOT NULL,
  closed_at      TEXT,
  opening_float  INTEGER NOT NULL DEFAULT 0,
  counted_cash   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX shifts_open ON shifts (terminal_id, closed_at);

-- JSON columns (base, terminal, server, resolution) hold compact JSON text or NULL.
CREATE TABLE conflicts (
  id           INTEGER PRIMARY KEY,
  kind         TEXT    NOT NULL,
  status       TEXT    NOT NULL,
  entity       TEXT    NOT NULL,
  entity_id    TEXT    NOT NULL,
  base         TEXT,
  terminal     TEXT,
  server       TEXT,
  terminal_id  INTEGER NOT NULL DEFAULT 0,
  seq          INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT    NOT NULL,
  resolution   TEXT,
  version      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conflicts_status ON conflicts (status);

CREATE INDEX sales_shift ON sales (shift_id);
