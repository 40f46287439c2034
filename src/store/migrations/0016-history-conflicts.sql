-- Kasir terminal database: the sales history's sync state of a sale.
--
-- Each row of the history asks whether an open conflict names its sale; without an
-- index on the entity a conflict names, that is a scan of every conflict for every row
-- shown.

CREATE INDEX conflicts_entity ON conflicts (entity_id);
