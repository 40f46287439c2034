/* kasir-staff-admin-repository.h — a manager keeps the shop's staff on a standalone till.
 *
 * Add a staff member (name, role: kasir_staff_roles, a PIN typed twice), set or reset a
 * PIN, deactivate or reactivate. The PIN is checked by kasir_pin_check_new() (4+ digits
 * for a cashier, 6+ for a supervisor or a manager) and only its Argon2id hash is stored;
 * the PIN itself goes nowhere. The last active manager cannot be deactivated (nobody
 * could approve anything after). A bad value fails with KASIR_INPUT_ERROR naming the
 * field, and nothing changes. @approved_by is the manager who approved the change.
 *
 * On a till enrolled with a server every change is also a staff.upsert mutation (the
 * staff member's whole state, with the PIN's hash only when it changes), queued in the
 * same transaction as the local write, so that it works offline; the server accepts it
 * only from an active manager of the outlet, and the other tills get it with their next
 * pull. A new staff member there is only queued: the server gives the id, and the row
 * arrives with the next pull (add returns KASIR_STAFF_ADMIN_QUEUED).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-models.h"
#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_TYPE_STAFF_ADMIN_REPOSITORY (kasir_staff_admin_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirStaffAdminRepository, kasir_staff_admin_repository, KASIR, STAFF_ADMIN_REPOSITORY, GObject)

KasirStaffAdminRepository *kasir_staff_admin_repository_new (KasirDatabase *database);

/* Every staff member, active ones first, by name. KasirStaff*. */
GPtrArray *kasir_staff_admin_repository_list       (KasirStaffAdminRepository  *self,
                                                    GError                    **error);
/* What add returns on an enrolled till: queued for the server, which gives the id. */
#define KASIR_STAFF_ADMIN_QUEUED ((gint64) -1)

/* Returns the new id (KASIR_STAFF_ADMIN_QUEUED on an enrolled till), or 0 with an error. */
gint64     kasir_staff_admin_repository_add        (KasirStaffAdminRepository  *self,
                                                    gint64                      approved_by,
                                                    const char                 *name,
                                                    const char                 *role,
                                                    const char                 *pin,
                                                    const char                 *pin_again,
                                                    GError                    **error);
gboolean   kasir_staff_admin_repository_set_pin    (KasirStaffAdminRepository  *self,
                                                    gint64                      approved_by,
                                                    gint64                      staff_id,
                                                    const char                 *pin,
                                                    const char                 *pin_again,
                                                    GError                    **error);
gboolean   kasir_staff_admin_repository_set_active (KasirStaffAdminRepository  *self,
                                                    gint64                      approved_by,
                                                    gint64                      staff_id,
                                                    gboolean                    active,
                                                    GError                    **error);

G_END_DECLS
