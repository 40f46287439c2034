/* kasir-staff-window.h — the manager's staff page.
 *
 * Lists every staff member (role, active or not); adds one (name, role, a PIN typed
 * twice); sets a new PIN (typed twice, in a prompt); deactivates and reactivates. Every
 * write goes through KasirStaffAdminRepository; a refused one shows its message and
 * changes nothing. PIN fields are password rows and are emptied after each attempt. On a
 * till with a server the changes travel as staff.upsert, approved by @manager_id (the
 * manager who opened the page); a new staff member is listed after the next sync.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-till-dialog.h"

G_BEGIN_DECLS

#define KASIR_TYPE_STAFF_WINDOW (kasir_staff_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirStaffWindow, kasir_staff_window, KASIR, STAFF_WINDOW, KasirTillDialog)

KasirStaffWindow *kasir_staff_window_new       (GtkWindow         *parent,
                                                KasirTillContext  *context,
                                                gint64             manager_id);
/* Fills the "add" form as a person would and presses Add. @role: one of
 * kasir_staff_roles. */
gint64            kasir_staff_window_add       (KasirStaffWindow  *self,
                                                const char        *name,
                                                const char        *role,
                                                const char        *pin,
                                                const char        *pin_again,
                                                GError           **error);
/* What the PIN prompt does when confirmed. */
gboolean          kasir_staff_window_reset_pin (KasirStaffWindow  *self,
                                                gint64             staff_id,
                                                const char        *pin,
                                                const char        *pin_again,
                                                GError           **error);
/* What a row's Deactivate / Reactivate button does. */
gboolean          kasir_staff_window_set_active (KasirStaffWindow *self,
                                                 gint64            staff_id,
                                                 gboolean          active,
                                                 GError          **error);
/* The rows, as "Name (role)" with ", inactive" where so, joined by "; ". */
char             *kasir_staff_window_describe  (KasirStaffWindow  *self);

G_END_DECLS
