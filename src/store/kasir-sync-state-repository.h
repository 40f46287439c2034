/* kasir-sync-state-repository.h — where the terminal stands with its server.
 *
 * One row: the pull cursor, the last outbox seq the server answered, the terminal's
 * identity (terminal id, outlet id, 0 until enrolled) and the server's base URL. The
 * terminal token itself is in the keyring (kasir-key-store.h), never here.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  cursor;
  gint64  last_acked_seq;
  gint64  terminal_id;   /* 0: not enrolled */
  gint64  outlet_id;     /* 0: not enrolled */
  char   *server_url;    /* NULL: not enrolled */
} KasirSyncState;

void kasir_sync_state_free (KasirSyncState *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirSyncState, kasir_sync_state_free)

#define KASIR_TYPE_SYNC_STATE_REPOSITORY (kasir_sync_state_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirSyncStateRepository, kasir_sync_state_repository, KASIR, SYNC_STATE_REPOSITORY, GObject)

KasirSyncStateRepository *kasir_sync_state_repository_new (KasirDatabase *database);

KasirSyncState *kasir_sync_state_repository_load       (KasirSyncStateRepository  *self,
                                                        GError                   **error);
/* Joins the caller's transaction if one is open, so a pulled page and its cursor commit
 * together. @cursor must be >= 0. */
gboolean        kasir_sync_state_repository_set_cursor (KasirSyncStateRepository  *self,
                                                        gint64                     cursor,
                                                        GError                   **error);
/* Moves last_acked_seq to @seq (which may go down only through this call, e.g. after the
 * server reports a lower last seq). */
gboolean        kasir_sync_state_repository_set_last_acked_seq (KasirSyncStateRepository  *self,
                                                                gint64                     seq,
                                                                GError                   **error);
/* Records the enrollment. @terminal_id and @outlet_id > 0, @server_url non-empty. */
gboolean        kasir_sync_state_repository_set_identity (KasirSyncStateRepository  *self,
                                                          gint64                     terminal_id,
                                                          gint64                     outlet_id,
                                                          const char                *server_url,
                                                          GError                   **error);
/* Forgets the enrollment (identity and cursor); the outbox is untouched. */
gboolean        kasir_sync_state_repository_clear_identity (KasirSyncStateRepository  *self,
                                                            GError                   **error);

G_END_DECLS
