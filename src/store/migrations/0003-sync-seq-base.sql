-- Kasir terminal database, version 3: the seq base of the current enrollment.
-- Each enrollment is a new terminal on the server, whose seqs start at 1. Local outbox
-- seqs never restart, so the seq sent is the local seq minus seq_base, taken when the
-- terminal enrolls (re-enrolling keeps every unsent mutation and sends it again from 1).
ALTER TABLE sync_state ADD COLUMN seq_base INTEGER NOT NULL DEFAULT 0;
