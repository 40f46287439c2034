/* kasir-conflict-repository.h — conflicts the server found, as this terminal knows them.
 *
 * Conflicts arrive through pull (upsert/delete, joining the caller's transaction so a page
 * and its cursor commit together). A manager's decision is recorded with
 * kasir_conflict_repository_resolve(): in one transaction the conflict.resolve mutation is
 * queued and the local copy is marked resolved, so the review list is right at once, even
 * offline. The server's answer (accepted, or already resolved elsewhere) comes back by
 * pull and replaces the local copy.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-models.h"
#include "kasir-protocol.h"
#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CONFLICT_REPOSITORY (kasir_conflict_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirConflictRepository, kasir_conflict_repository, KASIR, CONFLICT_REPOSITORY, GObject)

KasirConflictRepository *kasir_conflict_repository_new (KasirDatabase *database);

/* KasirConflict*, each checked first (id > 0, known kind and status, entity and entity id,
 * a valid created_at, JSON values objects or NULL); one bad entry changes nothing. */
gboolean       kasir_conflict_repository_upsert     (KasirConflictRepository  *self,
                                                     GPtrArray                *conflicts,
                                                     GError                  **error);
gboolean       kasir_conflict_repository_delete     (KasirConflictRepository  *self,
                                                     gint64                    conflict_id,
                                                     GError                  **error);
/* NULL with KASIR_DATABASE_ERROR_NOT_FOUND when unknown. */
KasirConflict *kasir_conflict_repository_get        (KasirConflictRepository  *self,
                                                     gint64                    conflict_id,
                                                     GError                  **error);
/* Newest first; @status < 0 lists every status. KasirConflict*. */
GPtrArray     *kasir_conflict_repository_list       (KasirConflictRepository  *self,
                                                     int                       status,
                                                     guint                     offset,
                                                     guint                     limit,
                                                     GError                  **error);
gboolean       kasir_conflict_repository_count_open (KasirConflictRepository  *self,
                                                     gint64                   *out_count,
                                                     GError                  **error);
/* Queues @resolve and marks the conflict resolved locally, in one transaction. Refused
 * (KASIR_DATABASE_ERROR_INVALID) when the conflict is not open here or its version is not
 * @resolve->expected_version. Returns the outbox seq, or 0 with an error. */
gint64         kasir_conflict_repository_resolve    (KasirConflictRepository     *self,
                                                     const KasirConflictResolve  *resolve,
                                                     GError                     **error);

G_END_DECLS
