-- Kasir terminal database, version 10: held carts (hold and recall).

-- A cart parked at the till while the customer fetches one more item: the cart as
-- kasir_cart_to_json() writes it, who held it in which shift, and what the recall list
-- shows without decoding the cart. Holding moves the current cart here and recalling
-- moves it back, each in one transaction, so a crash never loses or doubles a cart.
CREATE TABLE held_carts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  label       TEXT    NOT NULL DEFAULT '',
  staff_id    INTEGER NOT NULL DEFAULT 0,
  staff_name  TEXT    NOT NULL DEFAULT '',
  shift_id    TEXT,
  held_at     TEXT    NOT NULL,
  total       INTEGER NOT NULL,
  n_items     INTEGER NOT NULL,
  json        TEXT    NOT NULL
);
