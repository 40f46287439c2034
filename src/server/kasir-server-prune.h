/* kasir-server-prune.h — the hourly prune of tombstones older than the retention
 * window, run by `kasir-server serve` on a writer of the server's worker pool (with the
 * writer's own connection), so that the main loop, which only serves HTTP, never waits
 * for it; without a pool it runs on the calling thread's main loop.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-server.h"

G_BEGIN_DECLS

typedef struct _KasirServerPrune KasirServerPrune;

/* Prunes every @interval_seconds, on the thread-default main context of the caller; a
 * prune still running when the next is due is not doubled. */
KasirServerPrune *kasir_server_prune_new  (KasirServer      *server,
                                           guint             retention_days,
                                           guint             interval_seconds);
/* Stops the timer; a prune already running finishes and is dropped. */
void              kasir_server_prune_free (KasirServerPrune *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirServerPrune, kasir_server_prune_free)

G_END_DECLS
