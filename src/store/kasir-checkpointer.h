/* kasir-checkpointer.h — copying the WAL back into the database file off the
 * committing thread (private to kasir-database.c).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-database-private.h"

G_BEGIN_DECLS

typedef struct _KasirCheckpointer KasirCheckpointer;

/* Opens its own connection to @path (with @key) when it first checkpoints. */
KasirCheckpointer *kasir_checkpointer_new       (const char            *path,
                                                 const guint8           key[KASIR_DATABASE_KEY_SIZE]);
/* Returns once no checkpoint thread runs (one may start again at the next commit). */
void               kasir_checkpointer_wait      (KasirCheckpointer *cp);
void               kasir_checkpointer_unref     (KasirCheckpointer     *cp);
/* Watches the commits of @db (one checkpointer per connection). */
void               kasir_checkpointer_attach    (KasirCheckpointer     *cp,
                                                 sqlite3               *db);
void               kasir_checkpointer_get_stats (KasirCheckpointer     *cp,
                                                 KasirDatabaseWalStats *out);
/* Checkpoints on @db (the connection @cp watches) once the WAL is long, and starts it
 * over when everything was copied, outside any sale's commit; FALSE when the WAL is
 * short or a background checkpoint runs. */
gboolean           kasir_checkpointer_checkpoint_idle (KasirCheckpointer *cp,
                                                       sqlite3           *db);

G_END_DECLS
