-- Kasir terminal database, version 14: supervisors.

-- A supervisor approves what happens at the counter (discounts, voids) but not staff or
-- the manager's tools (kasir-roles.h). SQLite cannot change a CHECK in place, so the
-- table is made again with the same rows.
CREATE TABLE staff_new (
  id         INTEGER PRIMARY KEY,
  outlet_id  INTEGER NOT NULL,
  name       TEXT    NOT NULL,
  role       TEXT    NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager')),
  pin_hash   TEXT    NOT NULL,
  active     INTEGER NOT NULL DEFAULT 1
);
INSERT INTO staff_new (id, outlet_id, name, role, pin_hash, active)
  SELECT id, outlet_id, name, role, pin_hash, active FROM staff;
DROP TABLE staff;
ALTER TABLE staff_new RENAME TO staff;
