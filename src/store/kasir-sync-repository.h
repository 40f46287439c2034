/* kasir-sync-repository.h — the database side of the sync service.
 *
 * Each function is one local transaction, so that whatever instruction a crash hits, the
 * database holds either all of a step or none of it:
 *  - taking the next push batch marks it in flight;
 *  - applying a push answer acks or rejects each mutation and moves last_acked_seq;
 *  - applying a pull page writes every change AND the new cursor together;
 *  - a snapshot reset empties what the server will send again, never the outbox or sales.
 * These run on the sync service's worker connection, in a GTask thread.
 *
 * Seqs on the wire are local outbox seqs minus the enrollment's seq base (see migration
 * 0003): requests and responses here carry wire seqs, the outbox keeps local ones.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-protocol.h"
#include "kasir-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 unsent;          /* pending + in flight */
  gint64 rejected;
  gint64 open_conflicts;
  gint64 open_orders;     /* open orders this till lists: its own and the others' */
  gint64 oldest_unsent_seq;
  char  *oldest_unsent_at; /* created_at of the oldest unsent mutation, or NULL */
} KasirSyncCounts;

void kasir_sync_counts_clear (KasirSyncCounts *counts);

/* Sets up the sync worker's own connection for bulk work: a larger page cache, and
 * synchronous=NORMAL. In WAL mode a NORMAL commit is still atomic; a power cut can only
 * lose the newest acks or pulled pages, which the next sync fetches again (the server
 * answers stored results for re-sent seqs, and a pull resumes from the kept cursor).
 * Sales are never committed on this connection. */
gboolean kasir_sync_repository_prepare_worker (KasirDatabase  *db,
                                               GError        **error);

gboolean          kasir_sync_repository_counts        (KasirDatabase            *db,
                                                       KasirSyncCounts          *out,
                                                       GError                  **error);

/* The next unsent mutations in seq order (at most @limit), marked in flight. Returns a
 * request with no mutations when nothing is waiting. */
KasirPushRequest *kasir_sync_repository_next_batch    (KasirDatabase            *db,
                                                       gint64                    terminal_id,
                                                       guint                     limit,
                                                       GError                  **error);

/* Records the server's answer to @request. Results for seqs that are not in the request
 * or not in order make the whole answer invalid (KASIR_INPUT_ERROR) and
 * nothing is written. @out_synced_sales receives the receipt numbers of the sales the
 * answer acknowledged; @out_rejected the number of rejected mutations. */
gboolean          kasir_sync_repository_apply_push    (KasirDatabase            *db,
                                                       const KasirPushRequest   *request,
                                                       const KasirPushResponse  *response,
                                                       GPtrArray               **out_synced_sales,
                                                       guint                    *out_rejected,
                                                       GError                  **error);

/* A push that failed in transit: count the attempt and keep the message. */
gboolean          kasir_sync_repository_record_failure (KasirDatabase           *db,
                                                        const KasirPushRequest  *request,
                                                        const char              *message,
                                                        GError                 **error);

/* After a 409 seq_gap: makes every kept mutation from @expected_seq on unsent again.
 * *out_found is FALSE when the outbox no longer holds @expected_seq — a real gap. */
gboolean          kasir_sync_repository_resend_from   (KasirDatabase            *db,
                                                       gint64                    expected_seq,
                                                       gboolean                 *out_found,
                                                       GError                  **error);

/* Applies one pull page and its cursor. @out_changes counts the changes written and
 * @out_new_conflicts the conflicts not seen before. */
gboolean          kasir_sync_repository_apply_pull    (KasirDatabase            *db,
                                                       const KasirPullResponse  *page,
                                                       guint                    *out_changes,
                                                       guint                    *out_new_conflicts,
                                                       GError                  **error);

/* Records a new enrollment in one transaction: identity, a seq base so that the oldest
 * unsent mutation goes out as seq 1, and a cursor of 0 so the catalog is pulled again. */
gboolean          kasir_sync_repository_set_identity  (KasirDatabase            *db,
                                                       gint64                    terminal_id,
                                                       gint64                    outlet_id,
                                                       const char               *server_url,
                                                       GError                  **error);

/* Forgets the pulled snapshot (catalog, stock, customers, staff, server conflicts) and
 * sets the cursor to 0, keeping sales, shifts made here and the whole outbox. */
gboolean          kasir_sync_repository_reset_snapshot (KasirDatabase           *db,
                                                        GError                 **error);

/* Drops acknowledged outbox rows up to the last acked seq; called after the pull that
 * followed their push, so their effects are already back in the local copy. */
gboolean          kasir_sync_repository_prune_acked   (KasirDatabase            *db,
                                                       GError                  **error);

G_END_DECLS
