/* kasir-window.h — the main window of the Kasir desktop application.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-application.h"
#include "kasir-database.h"
#include "kasir-sync-service.h"
#include "kasir-selling-view.h"
#include "kasir-till-context.h"

G_BEGIN_DECLS

#define KASIR_TYPE_WINDOW (kasir_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirWindow, kasir_window, KASIR, WINDOW, AdwApplicationWindow)

/* @context: (nullable): what the window works with; NULL makes one of its own. */
KasirWindow *kasir_window_new         (KasirApplication *application,
                                       KasirTillContext *context);
KasirTillContext *kasir_window_get_context (KasirWindow   *self);
gboolean     kasir_window_get_offline (KasirWindow      *self);
void         kasir_window_set_offline (KasirWindow      *self,
                                       gboolean          offline);
void         kasir_window_add_toast   (KasirWindow      *self,
                                       AdwToast         *toast);

/* Shorthands for setting the database (the main thread's connection) and the sync
 * service on the window's context: the window shows the selling view on the context's
 * database, with the catalog and the saved cart. */
void         kasir_window_set_database     (KasirWindow      *self,
                                            KasirDatabase    *db);
KasirDatabase *kasir_window_get_database   (KasirWindow      *self);
void         kasir_window_set_sync_service (KasirWindow      *self,
                                            KasirSyncService *service);
KasirSellingView *kasir_window_get_selling_view (KasirWindow *self);

G_END_DECLS
