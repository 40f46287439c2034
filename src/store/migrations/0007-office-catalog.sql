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
