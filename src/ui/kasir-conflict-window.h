/* kasir-conflict-window.h — the manager's conflict review and its history.
 *
 * A list of the outlet's conflicts (when, terminal, kind, what, amount, status),
 * filterable by status and kind, beside the selected conflict's detail; and the
 * resolved conflicts with who, when, decision and note, exportable as CSV. The list is
 * read again after every sync, so a decision shows pending, then applied (or already
 * resolved by another manager).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-till-dialog.h"

#include "kasir-conflict-detail.h"
#include "kasir-database.h"
#include "kasir-sync-service.h"

G_BEGIN_DECLS

/* The columns of the review list's KasirTextRow items. */
enum
{
  KASIR_CONFLICT_COLUMN_WHEN,
  KASIR_CONFLICT_COLUMN_TERMINAL,
  KASIR_CONFLICT_COLUMN_KIND,
  KASIR_CONFLICT_COLUMN_WHAT,
  KASIR_CONFLICT_COLUMN_AMOUNT,
  KASIR_CONFLICT_COLUMN_STATUS,
};

/* The columns of the history's KasirTextRow items. */
enum
{
  KASIR_CONFLICT_HISTORY_WHEN,
  KASIR_CONFLICT_HISTORY_KIND,
  KASIR_CONFLICT_HISTORY_WHAT,
  KASIR_CONFLICT_HISTORY_DECISION,
  KASIR_CONFLICT_HISTORY_WHO,
  KASIR_CONFLICT_HISTORY_RESOLVED_AT,
  KASIR_CONFLICT_HISTORY_NOTE,
};

#define KASIR_TYPE_CONFLICT_WINDOW (kasir_conflict_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirConflictWindow, kasir_conflict_window, KASIR, CONFLICT_WINDOW, KasirTillDialog)

/* Works on @context's database, sync service (may be NULL) and currency;
 * @manager_staff_id is the manager whose PIN was checked. */
KasirConflictWindow     *kasir_conflict_window_new        (GtkWindow           *parent,
                                                           KasirTillContext    *context,
                                                           gint64               manager_staff_id);
void                     kasir_conflict_window_reload     (KasirConflictWindow *self);
/* @status and @kind < 0 for any. */
void                     kasir_conflict_window_set_filter (KasirConflictWindow *self,
                                                           int                  status,
                                                           int                  kind);
/* KasirTextRow items; the row's id is the conflict id, its state a
 * KasirLocalResolutionState. */
GListModel              *kasir_conflict_window_get_model  (KasirConflictWindow *self);
GListModel              *kasir_conflict_window_get_history_model (KasirConflictWindow *self);
/* Selects the conflict's row (and shows it); FALSE when it is not listed. */
gboolean                 kasir_conflict_window_select     (KasirConflictWindow *self,
                                                           gint64               conflict_id);
KasirConflictDetailView *kasir_conflict_window_get_detail (KasirConflictWindow *self);
/* Writes the history CSV to @file. */
gboolean                 kasir_conflict_window_export_csv (KasirConflictWindow *self,
                                                           GFile               *file,
                                                           GError             **error);
/* Shows "review" or "history". */
void                     kasir_conflict_window_show_page  (KasirConflictWindow *self,
                                                           const char          *name);

G_END_DECLS
