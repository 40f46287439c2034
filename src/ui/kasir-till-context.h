/* kasir-till-context.h — what every window and dialog of the till works with.
 *
 * One KasirTillContext is created by the application and handed to each window and
 * dialog at construction. It holds the terminal database and the repositories on it,
 * the sync service, the settings, the currency the till sells in, who is signed in and
 * the open shift, each as a notifying property: a part that needs one of them reads it
 * here (and follows its notify signal) instead of asking a window for it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-models.h"
#include "kasir-sales-repository.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-sync-service.h"

G_BEGIN_DECLS

#define KASIR_TYPE_TILL_CONTEXT (kasir_till_context_get_type ())

G_DECLARE_FINAL_TYPE (KasirTillContext, kasir_till_context, KASIR, TILL_CONTEXT, GObject)

/* @settings: (nullable): the till's settings; NULL takes the application's schema when
 * it is installed, and runs without settings otherwise (a tool or a test). */
KasirTillContext     *kasir_till_context_new                    (GSettings        *settings);

GSettings            *kasir_till_context_get_settings           (KasirTillContext *self);

KasirDatabase        *kasir_till_context_get_database           (KasirTillContext *self);
void                  kasir_till_context_set_database           (KasirTillContext *self,
                                                                 KasirDatabase    *database);
/* Repositories on the database, made once per database; NULL without one. */
KasirSalesRepository *kasir_till_context_get_sales_repository   (KasirTillContext *self);
KasirShiftRepository *kasir_till_context_get_shift_repository   (KasirTillContext *self);
KasirStaffRepository *kasir_till_context_get_staff_repository   (KasirTillContext *self);

KasirSyncService     *kasir_till_context_get_sync_service       (KasirTillContext *self);
void                  kasir_till_context_set_sync_service       (KasirTillContext *self,
                                                                 KasirSyncService *service);

/* The ISO 4217 code the till sells in: the "currency" setting when it names a known
 * currency, else the default. */
const char           *kasir_till_context_get_currency           (KasirTillContext *self);

/* Who is signed in (NULL while the till is locked). The staff is copied. */
const KasirStaff     *kasir_till_context_get_staff              (KasirTillContext *self);
void                  kasir_till_context_set_staff              (KasirTillContext *self,
                                                                 const KasirStaff *staff);
gint64                kasir_till_context_get_staff_id           (KasirTillContext *self);

/* The open shift's id, or NULL when none is open. */
const char           *kasir_till_context_get_shift_id           (KasirTillContext *self);
void                  kasir_till_context_set_shift_id           (KasirTillContext *self,
                                                                 const char       *shift_id);

/* A manager's approval of the manager's tools, held for @seconds (0 drops it) while the
 * same person stays signed in; signing in or out drops it. The held manager's id is 0
 * when there is none or its time is over. */
void                  kasir_till_context_hold_approval          (KasirTillContext *self,
                                                                 gint64            manager_id,
                                                                 guint             seconds);
gint64                kasir_till_context_get_held_approval      (KasirTillContext *self);

/* A sale was committed: a few seconds after the last one, the work that follows a sale
 * (kasir-after-sale.h) runs on a worker thread, held as work. */
void                  kasir_till_context_sale_committed         (KasirTillContext *self);

/* Work in flight that the application waits for before it exits: a part that starts a
 * GTask in a thread holds the context's work count for as long as it runs. */
void                  kasir_till_context_hold_work              (KasirTillContext *self);
void                  kasir_till_context_release_work           (KasirTillContext *self);
guint                 kasir_till_context_get_work_count         (KasirTillContext *self);

/* Stops the sync service and waits, running the main context, until the work in flight
 * (held work, the service's tasks) has finished or @timeout_ms has passed. Returns
 * whether everything finished. */
gboolean              kasir_till_context_shutdown               (KasirTillContext *self,
                                                                 guint             timeout_ms);

G_END_DECLS
