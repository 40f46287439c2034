-- Kasir terminal database: cash put into (pay-in) or taken out of (pay-out) the drawer
-- during a shift, with its reason, who did it and the manager who approved a large
-- pay-out. The shift.cash outbox row that carries it to the server is written in the same
-- transaction. The drawer's expected cash at close counts these.

CREATE TABLE shift_cash (
  cash_id      TEXT    PRIMARY KEY,
  shift_id     TEXT    NOT NULL,
  staff_id     INTEGER NOT NULL,
  approved_by  INTEGER NOT NULL DEFAULT 0,
  direction    TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
  reason       TEXT    NOT NULL,
  note         TEXT    NOT NULL DEFAULT '',
  amount       INTEGER NOT NULL CHECK (amount > 0),
  created_at   TEXT    NOT NULL
);
CREATE INDEX shift_cash_shift ON shift_cash (shift_id);
