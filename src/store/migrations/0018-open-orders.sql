-- Kasir terminal database: open orders (sent to the kitchen before they are paid).

-- An order sent from this till (own = 1), or another till's as the server last listed
-- it (own = 0, replaced at each listing). The whole order is kept as the till keeps a
-- cart (kasir_cart_to_json); "sent" is what the kitchen was asked for so far, so a
-- second send prints only what was added. Sending writes the order, its ticket and its
-- outbox row in one transaction, so a crash after "send" keeps the order. Paying it
-- marks it paid in the sale's own transaction.
CREATE TABLE open_orders (
  order_id       TEXT    PRIMARY KEY,
  own            INTEGER NOT NULL,
  terminal_name  TEXT    NOT NULL DEFAULT '',
  label          TEXT    NOT NULL DEFAULT '',
  staff_id       INTEGER NOT NULL DEFAULT 0,
  staff_name     TEXT    NOT NULL DEFAULT '',
  shift_id       TEXT,
  order_type     TEXT,
  order_ref      TEXT,
  total          INTEGER NOT NULL,
  cart           TEXT    NOT NULL,
  sent           TEXT    NOT NULL,
  opened_at      TEXT    NOT NULL,
  updated_at     TEXT    NOT NULL,
  state          TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'paid')),
  sale_id        TEXT
);

-- Each kitchen ticket an order printed, for a reprint: its number, whether it listed
-- items added later, and the items.
CREATE TABLE open_order_tickets (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id    TEXT    NOT NULL REFERENCES open_orders (order_id) ON DELETE CASCADE,
  ticket_no   TEXT    NOT NULL,
  addition    INTEGER NOT NULL,
  items       TEXT    NOT NULL,
  created_at  TEXT    NOT NULL
);
CREATE INDEX open_order_tickets_order ON open_order_tickets (order_id);
