/* kasir-conflict-repository.h — conflicts the server found, as this terminal knows them.
 *
 * Conflicts arrive through pull (upsert/delete, joining the caller's transaction so a page
 * and its cursor commit together). A manager's decision is recorded with
 * kasir_conflict_repository_decide() (checked by core's rules: allowed for the kind, a note
 * where money or stock moves) or kasir_conflict_repository_resolve(): in one transaction
 * the conflict.resolve mutation is queued, the decision is kept, and the local copy is
 * marked resolved, so the review list is right at once, even offline. What became of the
 * decision is read from its outbox row (pending, acknowledged, or rejected
 * "already_resolved"), and the server's copy, with the winning decision and who made it,
 * comes back by pull and replaces the local copy.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-conflict-decision.h"
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
/* Records @resolve as kasir_conflict_repository_decide() does, with the same rules, and
 * refuses it (KASIR_INPUT_ERROR_STATE) when the conflict's version is not
 * @resolve->expected_version. Returns the outbox seq, or 0 with an error. */
gint64         kasir_conflict_repository_resolve    (KasirConflictRepository     *self,
                                                     const KasirConflictResolve  *resolve,
                                                     GError                     **error);

/* ---- The conflict-review dialog ----
 *
 * What became of a decision made on this terminal: it waits in the outbox (PENDING), the
 * server took it (APPLIED), another manager's decision reached the server first
 * (ALREADY_RESOLVED: the winner is in the entry's resolved_* fields once the pull has
 * brought the server's copy), or the server refused it for another reason (REJECTED,
 * e.g. "version_mismatch"; the conflict may be decided again). */
typedef enum
{
  KASIR_LOCAL_RESOLUTION_NONE,
  KASIR_LOCAL_RESOLUTION_PENDING,
  KASIR_LOCAL_RESOLUTION_APPLIED,
  KASIR_LOCAL_RESOLUTION_ALREADY_RESOLVED,
  KASIR_LOCAL_RESOLUTION_REJECTED,
} KasirLocalResolutionState;

/* One row of the review list or the history. */
typedef struct
{
  KasirConflict             *conflict;
  char                      *what;            /* product or customer name, or the entity */
  gint64                     amount;          /* units short, points short, price difference */
  gboolean                   amount_is_money; /* amount is minor units, not units/points */
  gboolean                   from_this_terminal;

  /* This terminal's decision, if any. */
  KasirLocalResolutionState  local_state;
  gint64                     local_outbox_seq;
  char                      *local_decision;
  char                      *local_note;
  gint64                     local_staff_id;
  char                      *local_created_at;
  char                      *reject_reason;   /* the server's reason when refused */

  /* The decision the server holds (any terminal's), from the pulled conflict. */
  char                      *resolved_decision;
  char                      *resolved_note;
  gint64                     resolved_staff_id;
  char                      *resolved_by_name; /* the manager's name; NULL if unknown */
  char                      *resolved_at;
  gint64                     resolved_terminal_id;
} KasirConflictEntry;

void kasir_conflict_entry_free (KasirConflictEntry *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirConflictEntry, kasir_conflict_entry_free)

/* One field of the side-by-side view: the base, this terminal's and the server's value
 * (each NULL when that side does not name the field), and whether they differ. */
typedef struct
{
  char     *name;
  JsonNode *base;
  JsonNode *terminal;
  JsonNode *server;
  gboolean  differs;
} KasirConflictField;

void kasir_conflict_field_free (KasirConflictField *self);

typedef struct
{
  KasirConflictEntry *entry;
  GPtrArray          *fields;       /* KasirConflictField*, sorted by name; the sale
                                       reference below is not repeated here */
  /* The sale behind a sale's conflict, as the server names it (any till of the outlet
   * knows this much); NULL for edits. */
  char               *sale_id;
  char               *receipt_no;
  /* The open order's name on this till ("Table 4"), when it has one; NULL otherwise. */
  char               *order_label;
  /* Where the conflict came from, when it came from this terminal (NULL otherwise):
   * the sale with its lines and payments, or the edit's mutation. */
  KasirSale          *sale;
  char               *cashier_name;
  KasirMutation      *origin;
} KasirConflictDetail;

void kasir_conflict_detail_free (KasirConflictDetail *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirConflictDetail, kasir_conflict_detail_free)

/* Conflicts newest first, with @status and @kind each < 0 for "any".
 * KasirConflictEntry*. */
GPtrArray           *kasir_conflict_repository_list_entries (KasirConflictRepository  *self,
                                                             int                       status,
                                                             int                       kind,
                                                             guint                     offset,
                                                             guint                     limit,
                                                             GError                  **error);
gboolean             kasir_conflict_repository_count        (KasirConflictRepository  *self,
                                                             int                       status,
                                                             int                       kind,
                                                             gint64                   *out_count,
                                                             GError                  **error);
KasirConflictEntry  *kasir_conflict_repository_get_entry    (KasirConflictRepository  *self,
                                                             gint64                    conflict_id,
                                                             GError                  **error);
KasirConflictDetail *kasir_conflict_repository_get_detail   (KasirConflictRepository  *self,
                                                             gint64                    conflict_id,
                                                             GError                  **error);

/* Records a manager's decision: in ONE transaction the conflict.resolve mutation
 * (expected_version = the conflict's version) is queued, the decision is kept as
 * PENDING and the local copy is marked resolved. The rules are core's
 * (kasir_conflict_decision_plan() in kasir-conflict-decision.h): checked first, changing
 * nothing on error (KASIR_INPUT_ERROR). What a decision queues besides:
 *  - "merge": the fields kept as "mine" are also sent as a product.update /
 *    customer.upsert against the current local version, after the conflict.resolve, in
 *    the same transaction (fields taken as "theirs" need nothing: the server kept them).
 *  - "void_sale" on a sale made here: a sale.refund of the whole sale is queued too.
 * @staff_id is the manager whose PIN was checked. Returns the conflict.resolve's outbox
 * seq, or 0 with an error. */
gint64   kasir_conflict_repository_decide  (KasirConflictRepository  *self,
                                            gint64                    conflict_id,
                                            const char               *decision,
                                            const char               *note,
                                            JsonNode                 *value,
                                            gint64                    staff_id,
                                            GError                  **error);

/* Resolved conflicts (resolved and resolved_by_rule), newest first. KasirConflictEntry*. */
GPtrArray *kasir_conflict_repository_list_history (KasirConflictRepository  *self,
                                                   guint                     offset,
                                                   guint                     limit,
                                                   GError                  **error);
/* The history as CSV (RFC 4180: CRLF, every field quoted when it holds a comma, quote,
 * CR or LF; a cell starting with = + - @ is prefixed with an apostrophe so a spreadsheet
 * never runs it as a formula). Columns: id, created_at, kind, status, entity, what,
 * terminal_id, decision, note, resolved_by, resolved_at. */
char      *kasir_conflict_repository_export_history_csv (KasirConflictRepository  *self,
                                                         GError                  **error);
/* One CSV cell as above (for tests and other exports). */
void       kasir_csv_append_cell (GString    *out,
                                  const char *text);

G_END_DECLS
