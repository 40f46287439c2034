/* kasir-staff-repository.h — the outlet's staff as pulled from the server.
 *
 * Used to sign a cashier in on the till (check the PIN with kasir_pin_verify() against
 * pin_hash) and to tell managers from cashiers. Written by pull, or on the till itself for
 * a shop that runs without a server (add_local).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-models.h"
#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_TYPE_STAFF_REPOSITORY (kasir_staff_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirStaffRepository, kasir_staff_repository, KASIR, STAFF_REPOSITORY, GObject)

KasirStaffRepository *kasir_staff_repository_new (KasirDatabase *database);

/* KasirStaff*, each checked (id > 0, outlet > 0, a name, role of kasir_staff_roles, a
 * PIN hash); one bad entry changes nothing. Joins the caller's transaction. */
gboolean    kasir_staff_repository_upsert      (KasirStaffRepository  *self,
                                                GPtrArray             *staff,
                                                GError               **error);
/* NULL with KASIR_DATABASE_ERROR_NOT_FOUND when unknown (inactive staff are returned). */
KasirStaff *kasir_staff_repository_get         (KasirStaffRepository  *self,
                                                gint64                 staff_id,
                                                GError               **error);
/* Active staff, by name. KasirStaff*. */
GPtrArray  *kasir_staff_repository_list_active  (KasirStaffRepository  *self,
                                                 GError               **error);
gboolean    kasir_staff_repository_count_active (KasirStaffRepository  *self,
                                                 gint64                *out_count,
                                                 GError               **error);
/* Adds a staff member made on this till (a standalone shop without a server, or the
 * first manager). @role is "cashier" or "manager", @pin_hash from kasir_pin_hash(). The
 * id is the next free one. Returns the id, or 0 with an error. */
gint64      kasir_staff_repository_add_local    (KasirStaffRepository  *self,
                                                 const char            *name,
                                                 const char            *role,
                                                 const char            *pin_hash,
                                                 GError               **error);

G_END_DECLS
