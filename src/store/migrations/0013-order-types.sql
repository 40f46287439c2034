-- Kasir terminal database, version 13: how a sale is served (order types).

-- A row only for a sale that said how it is served: "dine_in", "take_away" or
-- "delivery" (kasir-order-type.h), with a dine-in table or a delivery's reference.
-- A table of its own rather than columns of sales, so that the sales rows and the
-- statements that write them stay as every earlier version has them; it goes with its
-- sale when retention prunes that.
CREATE TABLE sale_orders (
  sale_id     TEXT PRIMARY KEY REFERENCES sales (sale_id) ON DELETE CASCADE,
  order_type  TEXT NOT NULL,
  order_ref   TEXT
);
