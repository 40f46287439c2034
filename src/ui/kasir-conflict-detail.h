/* kasir-conflict-detail.h — one conflict side by side, and the manager's decision.
 *
 * Shows the base, this terminal's and the server's value of every field (differences
 * highlighted), the sale or edit the conflict came from, and the decisions core allows for
 * its kind (kasir-conflict-decision.h), with the input each asks for. The widget tree is
 * declared in kasir-conflict-detail.ui; only the rows that depend on the conflict (a
 * field, a decision, a line of the sale) are added here. Resolving (the "detail.resolve" action, or the Resolve button) records the
 * decision with kasir_conflict_repository_decide(), which queues a conflict.resolve
 * mutation and so works offline, then tells the sync service and emits "resolved".
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-conflict-repository.h"
#include "kasir-sync-service.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CONFLICT_DETAIL_VIEW (kasir_conflict_detail_view_get_type ())

G_DECLARE_FINAL_TYPE (KasirConflictDetailView, kasir_conflict_detail_view, KASIR, CONFLICT_DETAIL_VIEW, AdwBin)

/* "resolved" (gint64 conflict id) after a decision was recorded. */
GtkWidget  *kasir_conflict_detail_view_new           (void);
/* @service may be NULL; @staff_id is the manager whose PIN was checked. */
void        kasir_conflict_detail_view_setup         (KasirConflictDetailView *self,
                                                      KasirConflictRepository *repo,
                                                      KasirSyncService        *service,
                                                      gint64                   staff_id,
                                                      const char              *currency);
/* Shows conflict @conflict_id (0 shows nothing). FALSE with @error when it is unknown. */
gboolean    kasir_conflict_detail_view_show          (KasirConflictDetailView *self,
                                                      gint64                   conflict_id,
                                                      GError                 **error);
/* Reads the conflict shown again after a sync. While it stays open the controls keep
 * what the manager has chosen and typed; otherwise the view shows what became of it. */
gboolean    kasir_conflict_detail_view_refresh       (KasirConflictDetailView *self,
                                                      GError                 **error);
gint64      kasir_conflict_detail_view_get_conflict_id (KasirConflictDetailView *self);

/* What the controls hold; also how tests drive them. */
gboolean    kasir_conflict_detail_view_choose        (KasirConflictDetailView *self,
                                                      const char              *decision);
void        kasir_conflict_detail_view_set_note      (KasirConflictDetailView *self,
                                                      const char              *note);
void        kasir_conflict_detail_view_set_counted   (KasirConflictDetailView *self,
                                                      gint64                   qty);
void        kasir_conflict_detail_view_set_charge    (KasirConflictDetailView *self,
                                                      const char              *amount_text);
gboolean    kasir_conflict_detail_view_set_field_choice (KasirConflictDetailView *self,
                                                         const char              *field,
                                                         gboolean                 keep_mine);
/* Records the chosen decision; FALSE with @error (shown in the view too) when refused. */
gboolean    kasir_conflict_detail_view_resolve       (KasirConflictDetailView *self,
                                                      GError                 **error);
/* The line that says what became of a decision ("Pending", "Already resolved by …"). */
const char *kasir_conflict_detail_view_get_state_text (KasirConflictDetailView *self);
/* How many fields are shown highlighted as different. */
guint       kasir_conflict_detail_view_get_n_differing (KasirConflictDetailView *self);
/* What the "The Sale" part says, one line each: the lines sold, also another till's. */
char       *kasir_conflict_detail_view_dup_origin_text (KasirConflictDetailView *self);

/* ---- Text for people, shared with the conflict window ---- */

const char *kasir_conflict_kind_title     (KasirConflictKind          kind);
/* The title of @conflict: its kind's, but an open order paid on a till after another till
 * cancelled it (an order_paid_twice whose server side says "cancelled") has its own. */
const char *kasir_conflict_title          (const KasirConflict       *conflict);
/* What happened, in one sentence (the same as its help page's description). */
const char *kasir_conflict_description    (const KasirConflict       *conflict);
const char *kasir_conflict_status_title   (KasirConflictStatus        status);
const char *kasir_conflict_decision_title (KasirConflictKind          kind,
                                           const char                *decision);
/* What the row's status column says: the conflict's status, or what became of this
 * terminal's decision. Free with g_free. */
char       *kasir_conflict_entry_state_text (const KasirConflictEntry *entry);
/* The till the conflict came from, by name ("Till 2", "Till 1 (this till)"); its number
 * only when the server did not send the name. Free with g_free. */
char       *kasir_conflict_entry_terminal_text (const KasirConflictEntry *entry);
/* The amount column: units, points or money. Free with g_free. */
char       *kasir_conflict_entry_amount_text (const KasirConflictEntry *entry,
                                              const char               *currency);

G_END_DECLS
