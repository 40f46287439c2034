/* kasir-till-session.h — the operational side of one main window.
 *
 * Opens the terminal database in a worker thread, creates the sync service and binds its
 * GSettings, puts the connection badge and the till menu in the header bar, drives the
 * offline banner and toasts, runs first-run set-up, locks the till behind the PIN pad and
 * keeps track of who is selling in which shift.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-database.h"
#include "kasir-sync-service.h"
#include "kasir-window.h"

G_BEGIN_DECLS

#define KASIR_TYPE_TILL_SESSION (kasir_till_session_get_type ())

G_DECLARE_FINAL_TYPE (KasirTillSession, kasir_till_session, KASIR, TILL_SESSION, GObject)

/* The default database path: $KASIR_DB_PATH, else $XDG_DATA_HOME/kasir/kasir.db. */
char             *kasir_till_session_default_path   (void);

/* The session works with @window's context and lives as long as @window: it keeps a
 * reference to itself that the window's destruction drops. */
KasirTillSession *kasir_till_session_new            (KasirWindow      *window,
                                                     const char       *db_path);
void              kasir_till_session_start          (KasirTillSession *self);

KasirDatabase    *kasir_till_session_get_database   (KasirTillSession *self);
KasirSyncService *kasir_till_session_get_service    (KasirTillSession *self);
/* Who is selling (0 while locked) and in which open shift (NULL when none): a sale
 * made in this window records both. */
gint64            kasir_till_session_get_staff_id   (KasirTillSession *self);
const char       *kasir_till_session_get_shift_id   (KasirTillSession *self);

void              kasir_till_session_lock           (KasirTillSession *self);
gboolean          kasir_till_session_get_locked     (KasirTillSession *self);
/* Overrides the auto-lock-minutes setting with seconds (tests); 0 never locks. */
void              kasir_till_session_set_idle_seconds (KasirTillSession *self,
                                                       guint             seconds);
void              kasir_till_session_show_shift     (KasirTillSession *self);
void              kasir_till_session_show_preferences (KasirTillSession *self);
void              kasir_till_session_sync_now       (KasirTillSession *self);

G_END_DECLS
