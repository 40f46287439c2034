-- Kasir terminal database: customers at the till and loyalty.
--
-- A customer made on this till has a provisional negative id and its client_id (the
-- customer.upsert's UUID) until pull brings the server's row with the same client_id.
-- A sale keeps the points it earned, for the customer's history.

ALTER TABLE customers ADD COLUMN member_code TEXT;
ALTER TABLE customers ADD COLUMN client_id TEXT;
CREATE INDEX customers_member_code ON customers (member_code);
CREATE UNIQUE INDEX customers_client_id ON customers (client_id);
ALTER TABLE sales ADD COLUMN loyalty_earned INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sales_customer ON sales (customer_id);
