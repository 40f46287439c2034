-- Kasir terminal database, version 8: a till's first catalog is loaded without its
-- catalog indexes and full-text triggers, which are built once at the end
-- (kasir-catalog-bulk-load.c). Kept here while that load runs: the definition of each
-- index and trigger set aside, so that finishing it (or recovering after a crash in the
-- middle) recreates exactly what the migrations made.
CREATE TABLE catalog_deferred (
  name  TEXT PRIMARY KEY,
  type  TEXT NOT NULL,
  sql   TEXT NOT NULL
);
