/* kasir-outbox-repository.h — the queue of mutations the server has yet to learn.
 *
 * Each row has a seq that increases by exactly one per terminal with no gaps: it is taken
 * from a counter inside the same transaction that writes the change, so a rolled-back
 * change leaves no hole, and pruning old rows never reuses a number. A row moves
 * pending -> in_flight -> acked | rejected; a failed push puts in-flight rows back to
 * pending with attempts bumped and the error kept. Rejected rows are never pruned: a
 * manager must be able to see them.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kasir-models.h"
#include "kasir-database.h"

G_BEGIN_DECLS

typedef struct
{
  KasirMutation    *mutation;
  char             *entity_id;   /* the sale id for sale.create, etc.; may be NULL */
  KasirOutboxState  state;
  gint64            attempts;
  char             *last_error;  /* NULL when the last attempt did not fail */
  JsonNode         *result;      /* the server's answer once acked or rejected */
} KasirOutboxEntry;

void kasir_outbox_entry_free (KasirOutboxEntry *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirOutboxEntry, kasir_outbox_entry_free)

#define KASIR_TYPE_OUTBOX_REPOSITORY (kasir_outbox_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirOutboxRepository, kasir_outbox_repository, KASIR, OUTBOX_REPOSITORY, GObject)

KasirOutboxRepository *kasir_outbox_repository_new (KasirDatabase *database);

/* Appends a mutation inside the caller's open transaction (kasir_database_begin), so the
 * change and its mutation commit or roll back together. @payload is not taken; it is
 * decoded with the protocol codec first, and one the server would refuse as malformed is
 * refused here (KASIR_INPUT_ERROR) so it never enters the queue. Returns
 * the new seq (> 0), or 0 with an error. When @out_mutation is not NULL it receives the
 * stored mutation. */
gint64     kasir_outbox_repository_enqueue_in_transaction (KasirOutboxRepository  *self,
                                                           KasirMutationType       type,
                                                           const char             *entity_id,
                                                           JsonNode               *payload,
                                                           KasirMutation         **out_mutation,
                                                           GError                **error);
/* The same in a transaction of its own. */
gint64     kasir_outbox_repository_enqueue                (KasirOutboxRepository  *self,
                                                           KasirMutationType       type,
                                                           const char             *entity_id,
                                                           JsonNode               *payload,
                                                           GError                **error);

/* Mutations still to send (pending and in-flight — an in-flight row after a restart may
 * or may not have reached the server, which answers a repeated seq from its record), in
 * seq order, at most @limit. GPtrArray of KasirMutation*. */
GPtrArray *kasir_outbox_repository_list_pending  (KasirOutboxRepository  *self,
                                                  guint                   limit,
                                                  GError                **error);
/* Entries in seq order, newest last; @state < 0 lists every state. */
GPtrArray *kasir_outbox_repository_list_entries  (KasirOutboxRepository  *self,
                                                  int                     state,
                                                  gint64                  after_seq,
                                                  guint                   limit,
                                                  GError                **error);
KasirOutboxEntry *kasir_outbox_repository_get    (KasirOutboxRepository  *self,
                                                  gint64                  seq,
                                                  GError                **error);

gboolean   kasir_outbox_repository_mark_in_flight (KasirOutboxRepository *self,
                                                   gint64                 first_seq,
                                                   gint64                 last_seq,
                                                   GError               **error);
/* Records the server's answer for @seq (applied or applied_with_conflicts) and advances
 * the sync state's last acknowledged seq. @result may be NULL. */
gboolean   kasir_outbox_repository_mark_acked     (KasirOutboxRepository *self,
                                                   gint64                 seq,
                                                   JsonNode              *result,
                                                   GError               **error);
/* Marks every pending or in-flight row up to @seq acked (the server says it already has
 * them) and advances the last acknowledged seq. */
gboolean   kasir_outbox_repository_mark_acked_up_to (KasirOutboxRepository *self,
                                                     gint64                 seq,
                                                     GError               **error);
gboolean   kasir_outbox_repository_mark_rejected  (KasirOutboxRepository *self,
                                                   gint64                 seq,
                                                   const char            *reason,
                                                   JsonNode              *result,
                                                   GError               **error);
/* A push failed: rows first_seq..last_seq that are not yet answered go back to pending,
 * with attempts + 1 and @message kept as last_error. */
gboolean   kasir_outbox_repository_record_failure (KasirOutboxRepository *self,
                                                   gint64                 first_seq,
                                                   gint64                 last_seq,
                                                   const char            *message,
                                                   GError               **error);

gboolean   kasir_outbox_repository_count          (KasirOutboxRepository *self,
                                                   KasirOutboxState       state,
                                                   gint64                *out_count,
                                                   GError               **error);
/* Pending plus in-flight. */
gboolean   kasir_outbox_repository_count_unsent   (KasirOutboxRepository *self,
                                                   gint64                *out_count,
                                                   GError               **error);
/* The last seq handed out (0 when none). */
gboolean   kasir_outbox_repository_get_last_seq   (KasirOutboxRepository *self,
                                                   gint64                *out_seq,
                                                   GError               **error);
/* Deletes acked rows with seq <= @up_to_seq; rejected and unsent rows stay. */
gboolean   kasir_outbox_repository_prune_acked    (KasirOutboxRepository *self,
                                                   gint64                 up_to_seq,
                                                   GError               **error);

G_END_DECLS
