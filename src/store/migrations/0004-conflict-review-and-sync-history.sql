-- Kasir terminal database, version 4: what the conflict-review dialog and the sync
-- dashboard need.

-- A manager's decision on a conflict, made here. The conflict row itself is replaced by
-- every pull, so the decision and the outbox row that carries it are kept apart: the
-- outbox row's state (pending, acked, rejected "already_resolved") tells the dialog what
-- became of it. One decision per conflict; a new one (after a version mismatch) replaces it.
CREATE TABLE conflict_resolutions (
  conflict_id  INTEGER PRIMARY KEY,
  outbox_seq   INTEGER NOT NULL,
  decision     TEXT    NOT NULL,
  note         TEXT,
  staff_id     INTEGER NOT NULL DEFAULT 0,
  value_json   TEXT,
  created_at   TEXT    NOT NULL
);

-- One row per sync the service ran, for the dashboard's metrics and its 24-hour chart.
-- finished_unix is the same moment as finished_at, as a number to group by hour.
CREATE TABLE sync_runs (
  id             INTEGER PRIMARY KEY,
  started_at     TEXT    NOT NULL,
  finished_at    TEXT    NOT NULL,
  finished_unix  INTEGER NOT NULL,
  duration_ms    INTEGER NOT NULL CHECK (duration_ms >= 0),
  outcome        TEXT    NOT NULL CHECK (outcome IN ('success', 'failure')),
  pushed         INTEGER NOT NULL DEFAULT 0,
  pulled         INTEGER NOT NULL DEFAULT 0,
  pending_after  INTEGER NOT NULL DEFAULT 0,
  error          TEXT
);
CREATE INDEX sync_runs_finished ON sync_runs (finished_unix);

-- Which change each outbox seq carried, kept after the acknowledged outbox row is pruned,
-- so that a conflict the server raised against (terminal, seq) leads back to the sale or
-- edit it came from. Sales keep their own rows, so their payload is not copied again.
CREATE TABLE outbox_log (
  seq         INTEGER PRIMARY KEY,
  type        TEXT    NOT NULL,
  entity_id   TEXT,
  payload     TEXT,
  created_at  TEXT    NOT NULL
);
CREATE INDEX outbox_log_entity ON outbox_log (entity_id);
INSERT INTO outbox_log (seq, type, entity_id, payload, created_at)
  SELECT seq, type, entity_id,
         CASE WHEN type = 'sale.create' THEN NULL ELSE payload END, created_at
  FROM outbox;
CREATE TRIGGER outbox_log_after_insert AFTER INSERT ON outbox BEGIN
  INSERT OR REPLACE INTO outbox_log (seq, type, entity_id, payload, created_at)
  VALUES (new.seq, new.type, new.entity_id,
          CASE WHEN new.type = 'sale.create' THEN NULL ELSE new.payload END, new.created_at);
END;

-- The terminal's Ed25519 key pair for signing outbox exports (hex; the database itself is
-- encrypted). registered is 1 once the server holds the public key for this enrollment.
CREATE TABLE signing_key (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  public_key  TEXT    NOT NULL,
  secret_key  TEXT    NOT NULL,
  terminal_id INTEGER NOT NULL DEFAULT 0
);
