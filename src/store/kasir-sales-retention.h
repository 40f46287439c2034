/* kasir-sales-retention.h — pruning synced sales older than the retention.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"

G_BEGIN_DECLS

/* The setting (in the settings table) holding the retention in days. */
#define KASIR_SALES_RETENTION_KEY           "sales.retention_days"
#define KASIR_SALES_RETENTION_DEFAULT_DAYS  90
#define KASIR_SALES_RETENTION_MIN_DAYS      1
#define KASIR_SALES_RETENTION_MAX_DAYS      3650

/* Stores the retention; a value outside MIN..MAX is refused with
 * KASIR_INPUT_ERROR_OUT_OF_RANGE and nothing changes. */
gboolean kasir_sales_retention_set_days (KasirDatabase  *db,
                                         gint64          days,
                                         GError        **error);

/* The stored retention, or the default when none is stored; a stored value that is not a
 * valid retention is an error (KASIR_INPUT_ERROR: OUT_OF_RANGE, or INVALID when it is not
 * a number). */
gboolean kasir_sales_retention_get_days (KasirDatabase  *db,
                                         gint64         *out_days,
                                         GError        **error);

/* Deletes the sales (with their lines and payments) made more than the retention before
 * @now that are synced: no outbox row names them unless acknowledged, no conflict about
 * them is open and their shift is closed. Then gives every free page of the file back
 * to the file system (incremental vacuum). @out_pruned: how many sales went. */
gboolean kasir_sales_retention_prune    (KasirDatabase  *db,
                                         GDateTime      *now,
                                         guint          *out_pruned,
                                         GError        **error);

/* The prune, at most once a (UTC) day on this database; a failure is logged, not returned.
 * Called after each sync's pruning of acknowledged outbox rows, on the sync worker's
 * connection, so never on the UI thread. */
void     kasir_sales_retention_prune_daily (KasirDatabase *db);

/* The same on a worker thread, with a connection of its own to @db's file; @now is the
 * time the worker starts. */
void     kasir_sales_retention_prune_async  (KasirDatabase        *db,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean kasir_sales_retention_prune_finish (KasirDatabase        *db,
                                             GAsyncResult         *result,
                                             guint                *out_pruned,
                                             GError              **error);

G_END_DECLS
