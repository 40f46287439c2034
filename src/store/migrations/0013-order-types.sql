-- Kasir terminal database, version 13: how a sale is served (order types).

-- NULL for a sale that did not say (every sale before this version, and a minimarket's
-- sales); otherwise "dine_in", "take_away" or "delivery" (kasir-order-type.h), with a
-- dine-in table or a delivery's reference in order_ref.
ALTER TABLE sales ADD COLUMN order_type TEXT;
ALTER TABLE sales ADD COLUMN order_ref TEXT;
