/* kasir-sync-dashboard.h — what the sync service has been doing, for a manager.
 *
 * The outbox (pending, in flight and rejected changes, with attempts and the last error,
 * and for a rejected one why the server refused it), "Retry now", the sync metrics and a
 * chart of the last 24 hours. It reads the database again after every sync.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-till-dialog.h"

#include "kasir-database.h"
#include "kasir-sync-chart.h"
#include "kasir-sync-service.h"

G_BEGIN_DECLS

/* The columns of the outbox list's KasirTextRow items (id = seq, state = KasirOutboxState). */
enum
{
  KASIR_DASHBOARD_COLUMN_SEQ,
  KASIR_DASHBOARD_COLUMN_TYPE,
  KASIR_DASHBOARD_COLUMN_CREATED,
  KASIR_DASHBOARD_COLUMN_STATE,
  KASIR_DASHBOARD_COLUMN_ATTEMPTS,
  KASIR_DASHBOARD_COLUMN_PROBLEM,
};

#define KASIR_TYPE_SYNC_DASHBOARD (kasir_sync_dashboard_get_type ())

G_DECLARE_FINAL_TYPE (KasirSyncDashboard, kasir_sync_dashboard, KASIR, SYNC_DASHBOARD, KasirTillDialog)

/* Works on @context's database and sync service; without a service (standalone till)
 * "Retry now" only resets the attempts. */
KasirSyncDashboard *kasir_sync_dashboard_new         (GtkWindow          *parent,
                                                      KasirTillContext   *context);
void                kasir_sync_dashboard_reload      (KasirSyncDashboard *self);
void                kasir_sync_dashboard_retry_now   (KasirSyncDashboard *self);
GListModel         *kasir_sync_dashboard_get_outbox  (KasirSyncDashboard *self);
KasirSyncChart     *kasir_sync_dashboard_get_chart   (KasirSyncDashboard *self);
/* The text of a metric row: "syncs", "successes", "failures", "average", "last-success",
 * "oldest-sale", "pending", "rejected". */
const char         *kasir_sync_dashboard_get_metric  (KasirSyncDashboard *self,
                                                      const char         *key);

G_END_DECLS
