/* kasir-sync-notifier.h — tells the cashier what the sync service is doing.
 *
 * Drives the window's offline banner from the service state (offline or server
 * unreachable), turns it into a stronger warning once the terminal has been cut off
 * for longer than the offline-warning-hours setting, and shows toasts: back online with
 * the number of sales sent meanwhile, sync failures (at most one every few minutes) and
 * new conflicts.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-sync-service.h"
#include "kasir-window.h"

G_BEGIN_DECLS

#define KASIR_TYPE_SYNC_NOTIFIER (kasir_sync_notifier_get_type ())

G_DECLARE_FINAL_TYPE (KasirSyncNotifier, kasir_sync_notifier, KASIR, SYNC_NOTIFIER, GObject)

/* "toast-shown" (const char *text) is emitted for every toast.
 * Holds weak references only: it stops when either the window or the service goes. */
KasirSyncNotifier *kasir_sync_notifier_new               (KasirWindow       *window,
                                                          KasirSyncService  *service);
/* Hours after which being offline turns into a warning. */
void               kasir_sync_notifier_set_warning_hours (KasirSyncNotifier *self,
                                                          guint              hours);
gboolean           kasir_sync_notifier_get_warning       (KasirSyncNotifier *self);
/* Whether "N new conflicts" is toasted here (on by default); off when another part of
 * the window announces conflicts itself. */
void               kasir_sync_notifier_set_conflict_toasts (KasirSyncNotifier *self,
                                                            gboolean           enabled);
/* The text of the last toast shown, or NULL. */
const char        *kasir_sync_notifier_get_last_toast    (KasirSyncNotifier *self);
/* Re-evaluates the banner now (the notifier also does so every minute). */
void               kasir_sync_notifier_refresh           (KasirSyncNotifier *self);

G_END_DECLS
