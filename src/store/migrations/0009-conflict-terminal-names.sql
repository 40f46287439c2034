-- Kasir terminal database, version 9: the other till's name in a conflict.

-- The server sends the name of the terminal a conflict came from with the conflict; the
-- review shows it instead of the terminal's number. NULL for conflicts pulled before,
-- and for a server that does not send it (the number is shown then).
ALTER TABLE conflicts ADD COLUMN terminal_name TEXT;
