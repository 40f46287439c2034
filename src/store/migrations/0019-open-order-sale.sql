-- Kasir terminal database: the cashier's note on a sale line, the open order a sale
-- paid, and when an open order was cancelled.

-- A line's note ("no ice", "for Budi"; at most 60 characters, kasir-cart-note.h), as
-- printed on the receipt and the kitchen ticket; NULL for a line without one.
ALTER TABLE sale_lines ADD COLUMN note TEXT;

-- The open order (open_orders.order_id) a sale paid, so the history and a reprint can
-- say which order it was; NULL for a sale sold straight from the cart. The order's own
-- row may be gone (another till's order is replaced at each listing), so no reference.
ALTER TABLE sales ADD COLUMN open_order_id TEXT;

-- When an open order was cancelled (order.cancel, with a manager's approval): a
-- cancelled order leaves the list and cannot be paid here. A column rather than a third
-- state, so the table (and its tickets, which refer to it) need not be rebuilt.
ALTER TABLE open_orders ADD COLUMN cancelled_at TEXT;
