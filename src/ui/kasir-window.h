/* kasir-window.h — the main window of the Kasir desktop application.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-ui-types.h"
#include "kasir-connection-badge.h"
#include "kasir-database.h"
#include "kasir-sync-service.h"
#include "kasir-selling-view.h"
#include "kasir-startup-page.h"
#include "kasir-till-context.h"

G_BEGIN_DECLS

#define KASIR_TYPE_WINDOW (kasir_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirWindow, kasir_window, KASIR, WINDOW, AdwApplicationWindow)

/* @context: (nullable): what the window works with; NULL makes one of its own.
 *
 * The window installs the till.* actions (lock, shift, sync-now, preferences) and the
 * manager.* actions (conflicts Ctrl+Shift+C, dashboard Ctrl+Shift+D, edit-product,
 * export-outbox, import-outbox, trust-certificate), each manager action behind a
 * manager's PIN. till.lock and till.preferences emit ::lock-requested and
 * ::preferences-requested for the till session that keeps the lock and runs set-up. */
KasirWindow      *kasir_window_new                     (KasirApplication *application,
                                                        KasirTillContext *context);
KasirTillContext *kasir_window_get_context             (KasirWindow      *self);

gboolean          kasir_window_get_offline             (KasirWindow      *self);
void              kasir_window_set_offline             (KasirWindow      *self,
                                                        gboolean          offline);
const char       *kasir_window_get_offline_text        (KasirWindow      *self);
void              kasir_window_set_offline_text        (KasirWindow      *self,
                                                        const char       *text);
void              kasir_window_set_offline_warning     (KasirWindow      *self,
                                                        gboolean          warning);
/* Follow the context's sync service by themselves; settable for a window without one. */
gint64            kasir_window_get_open_conflict_count (KasirWindow      *self);
void              kasir_window_set_open_conflict_count (KasirWindow      *self,
                                                        gint64            count);
gboolean          kasir_window_get_certificate_changed (KasirWindow      *self);
void              kasir_window_set_certificate_changed (KasirWindow      *self,
                                                        gboolean          changed);

void              kasir_window_add_toast               (KasirWindow      *self,
                                                        AdwToast         *toast);

/* Shorthands for setting the database (the main thread's connection) and the sync
 * service on the window's context: the window shows the selling view on the context's
 * database, with the catalog and the saved cart. */
void              kasir_window_set_database            (KasirWindow      *self,
                                                        KasirDatabase    *db);
KasirDatabase    *kasir_window_get_database            (KasirWindow      *self);
void              kasir_window_set_sync_service        (KasirWindow      *self,
                                                        KasirSyncService *service);
KasirSellingView *kasir_window_get_selling_view        (KasirWindow      *self);
KasirConnectionBadge *kasir_window_get_connection_badge (KasirWindow     *self);

/* Start-up that failed (the keyring, the disk, a newer database) takes the whole window:
 * the page says what happened and offers "Try Again" (::retry of the page). Showing a
 * database again leaves it. */
void              kasir_window_show_startup_problem    (KasirWindow         *self,
                                                        KasirStartupProblem  problem,
                                                        const char          *detail);
/* KASIR_STARTUP_OK unless the window shows a start-up problem. */
KasirStartupProblem kasir_window_get_startup_problem   (KasirWindow         *self);
KasirStartupPage *kasir_window_get_startup_page        (KasirWindow         *self);

G_END_DECLS
